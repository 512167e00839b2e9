import { TOPICS, type ConsumerTableEntry, type EventEnvelope } from '@commerce/events';
import { INDEXED_EVENTS, type IndexOutcome, type Indexer } from '../services/indexer.ts';

/** The env variables naming this service's consumer groups (production: search.catalog, search.inventory, search.reviews). */
export type ConsumerGroupEnv = 'CATALOG_CONSUMER_GROUP' | 'INVENTORY_CONSUMER_GROUP' | 'REVIEWS_CONSUMER_GROUP';

/**
 * Keeps the product index up to date from catalog.events, inventory.events and
 * reviews.events; offsets are committed after the index write (startEventConsumer).
 * `onHandled` is called after each event is handled (tests and the bench wait on it).
 */
export function consumerTable(indexer: Indexer, onHandled?: (event: EventEnvelope, outcome: IndexOutcome) => void): ConsumerTableEntry<ConsumerGroupEnv>[] {
  const row = (groupEnv: ConsumerGroupEnv, topic: string, eventTypes: string[]) => ({
    groupEnv,
    topics: [topic],
    handler: {
      eventTypes,
      handle: async (event: EventEnvelope) => {
        const outcome = await indexer.handle(event);
        onHandled?.(event, outcome);
      },
    },
  });
  return [
    row('CATALOG_CONSUMER_GROUP', TOPICS.catalog, INDEXED_EVENTS.catalog),
    row('INVENTORY_CONSUMER_GROUP', TOPICS.inventory, INDEXED_EVENTS.inventory),
    row('REVIEWS_CONSUMER_GROUP', TOPICS.reviews, INDEXED_EVENTS.reviews),
  ];
}
