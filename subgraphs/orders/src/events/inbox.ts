/**
 * Inbox consumer names: fixed, unlike Kafka group ids. The inbox records what has been
 * applied to this database, so a second group reading the same topic (a test run, a
 * replay under a new group) finds the events already applied and changes nothing.
 */
export const INBOX = {
  catalog: 'orders.catalog',
  saga: 'orders.saga',
  customers: 'orders.customers',
} as const;
