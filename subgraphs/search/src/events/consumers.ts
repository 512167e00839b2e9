import type { Kafka } from 'kafkajs';
import { TOPICS, startEventConsumer, type EventConsumer, type EventEnvelope } from '@commerce/events';
import type { Logger } from '@commerce/service-kit';
import { INDEXED_EVENTS, type IndexOutcome, type Indexer } from '../services/indexer.ts';

/** Production consumer groups (overridable by *_CONSUMER_GROUP); tests pass their own. */
export const CONSUMER_GROUPS = { catalog: 'search.catalog', inventory: 'search.inventory', reviews: 'search.reviews' } as const;

export interface SearchConsumersOptions {
  kafka: Kafka;
  logger: Logger;
  indexer: Indexer;
  groupIds?: { catalog: string; inventory: string; reviews: string };
  /** For a group without committed offsets: replay the topic (true in production, to build the index). */
  fromBeginning?: boolean;
  /** Called after each event is handled (tests and the bench wait on it). */
  onHandled?: (event: EventEnvelope, outcome: IndexOutcome) => void;
}

/**
 * Keeps the product index up to date from catalog.events, inventory.events and
 * reviews.events; offsets are committed after the index write (startEventConsumer).
 */
export async function startSearchConsumers(options: SearchConsumersOptions): Promise<{ stop: () => Promise<void> }> {
  const { kafka, logger, indexer, groupIds = CONSUMER_GROUPS, fromBeginning = true } = options;
  const started: EventConsumer[] = [];
  const stop = async () => {
    await Promise.all(started.map((consumer) => consumer.stop()));
  };
  const wire = (groupId: string, topic: string, eventTypes: string[]) =>
    startEventConsumer({
      kafka,
      groupId,
      topics: [topic],
      eventTypes,
      logger: logger.child({ consumer: groupId }),
      fromBeginning,
      handle: async (event) => {
        const outcome = await indexer.handle(event);
        options.onHandled?.(event, outcome);
      },
    });
  try {
    started.push(await wire(groupIds.catalog, TOPICS.catalog, INDEXED_EVENTS.catalog));
    started.push(await wire(groupIds.inventory, TOPICS.inventory, INDEXED_EVENTS.inventory));
    started.push(await wire(groupIds.reviews, TOPICS.reviews, INDEXED_EVENTS.reviews));
  } catch (err) {
    await stop();
    throw err;
  }
  return { stop };
}
