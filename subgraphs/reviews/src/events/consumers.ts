import type { Kafka } from 'kafkajs';
import {
  OrderDelivered,
  ProductCreated,
  ProductDeleted,
  ProductUpdated,
  TOPICS,
  startEventConsumer,
  type EventConsumer,
  type EventEnvelope,
} from '@commerce/events';
import type { Logger } from '@commerce/service-kit';
import type { Stores } from '../deps.ts';
import { createMarkVerifiedWhenOrderDelivered } from './mark-verified-when-order-delivered.ts';
import type { HandleOutcome } from './process-once.ts';
import { createTrackProductWhenProductChanged } from './track-product-when-product-changed.ts';

/** Production consumer groups; tests pass their own so they never steal these groups' partitions. */
export const CONSUMER_GROUPS = { catalog: 'reviews.catalog', orders: 'reviews.orders' } as const;

export interface ReviewConsumersOptions {
  kafka: Kafka;
  logger: Logger;
  stores: Stores;
  groupIds?: { catalog: string; orders: string };
  /** For a group without committed offsets: replay the topic (true in production, to build the read models). */
  fromBeginning?: boolean;
  /** Called after each event is handled (tests wait on it; also a hook for metrics). */
  onHandled?: (event: EventEnvelope, outcome: HandleOutcome, topic: string) => void;
}

export interface ReviewConsumers {
  stop: () => Promise<void>;
}

/**
 * Starts the catalog and orders consumers. Offsets are committed only after a handler
 * resolves; failures are retried and then dead-lettered by startEventConsumer.
 */
export async function startReviewConsumers(options: ReviewConsumersOptions): Promise<ReviewConsumers> {
  const { kafka, logger, stores, groupIds = CONSUMER_GROUPS, fromBeginning = true } = options;
  // The event types each handler acts on: the consumer skips the others without parsing them.
  const wire = (groupId: string, topic: string, eventTypes: string[], handler: (event: EventEnvelope) => Promise<HandleOutcome>) =>
    startEventConsumer({
      kafka,
      groupId,
      topics: [topic],
      eventTypes,
      logger: logger.child({ consumer: groupId }),
      fromBeginning,
      handle: async (event) => {
        const outcome = await handler(event);
        if (outcome !== 'ignored') logger.debug({ eventId: event.eventId, eventType: event.eventType, outcome }, 'event handled');
        options.onHandled?.(event, outcome, topic);
      },
    });

  const started: EventConsumer[] = [];
  const stop = async () => {
    await Promise.all(started.map((consumer) => consumer.stop()));
  };
  try {
    const productChanges = [ProductCreated, ProductUpdated, ProductDeleted].map((contract) => contract.eventType);
    started.push(await wire(groupIds.catalog, TOPICS.catalog, productChanges, createTrackProductWhenProductChanged(stores)));
    started.push(await wire(groupIds.orders, TOPICS.orders, [OrderDelivered.eventType], createMarkVerifiedWhenOrderDelivered(stores)));
  } catch (err) {
    await stop();
    throw err;
  }
  return { stop };
}
