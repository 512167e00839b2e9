import { OrderDelivered, ProductCreated, ProductDeleted, ProductUpdated, TOPICS, type ConsumerTableEntry, type EventEnvelope } from '@commerce/events';
import type { Logger } from '@commerce/service-kit';
import type { Stores } from '../deps.ts';
import { createMarkVerifiedWhenOrderDelivered } from './mark-verified-when-order-delivered.ts';
import type { HandleOutcome } from './process-once.ts';
import { createTrackProductWhenProductChanged } from './track-product-when-product-changed.ts';

/** The env variables naming this service's consumer groups (production: reviews.catalog, reviews.orders). */
export type ConsumerGroupEnv = 'CATALOG_CONSUMER_GROUP' | 'ORDERS_CONSUMER_GROUP';

export interface ReviewConsumerOptions {
  stores: Stores;
  logger: Logger;
  /** Called after each event is handled (tests wait on it; also a hook for metrics). */
  onHandled?: (event: EventEnvelope, outcome: HandleOutcome, topic: string) => void;
}

/**
 * The catalog and orders consumers. Offsets are committed only after a handler resolves;
 * failures are retried and then dead-lettered by startEventConsumer.
 */
export function consumerTable(options: ReviewConsumerOptions): ConsumerTableEntry<ConsumerGroupEnv>[] {
  const { stores, logger } = options;
  // The event types each handler acts on: the consumer skips the others without parsing them.
  const row = (groupEnv: ConsumerGroupEnv, topic: string, eventTypes: string[], handler: (event: EventEnvelope) => Promise<HandleOutcome>) => ({
    groupEnv,
    topics: [topic],
    handler: {
      eventTypes,
      handle: async (event: EventEnvelope) => {
        const outcome = await handler(event);
        if (outcome !== 'ignored') logger.debug({ eventId: event.eventId, eventType: event.eventType, outcome }, 'event handled');
        options.onHandled?.(event, outcome, topic);
      },
    },
  });
  const productChanges = [ProductCreated, ProductUpdated, ProductDeleted].map((contract) => contract.eventType);
  return [
    row('CATALOG_CONSUMER_GROUP', TOPICS.catalog, productChanges, createTrackProductWhenProductChanged(stores)),
    row('ORDERS_CONSUMER_GROUP', TOPICS.orders, [OrderDelivered.eventType], createMarkVerifiedWhenOrderDelivered(stores)),
  ];
}
