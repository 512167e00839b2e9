/** One topic per owning domain (docs/events.md#topics-and-contracts). */
export const TOPICS = {
  customers: 'customers.events',
  catalog: 'catalog.events',
  inventory: 'inventory.events',
  orders: 'orders.events',
  payments: 'payments.events',
  shipments: 'shipments.events',
  reviews: 'reviews.events',
} as const;

export type Topic = (typeof TOPICS)[keyof typeof TOPICS];

/** Where messages that cannot be processed after bounded retries go. */
export function dlqTopic(topic: string): string {
  return `${topic}.dlq`;
}

/** Every topic the platform needs, dead-letter topics included; created by `infra.sh up`. */
export function allTopics(): string[] {
  return Object.values(TOPICS).flatMap((topic) => [topic, dlqTopic(topic)]);
}
