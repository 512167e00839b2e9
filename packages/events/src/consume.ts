import { setTimeout as sleep } from 'node:timers/promises';
import type { Consumer, IHeaders, Kafka, KafkaMessage } from 'kafkajs';
import kafkajs from 'kafkajs';
import pMap from 'p-map';
import type { Logger } from 'pino';
import { parseEnvelope, type EventEnvelope } from './envelope.ts';
import { createEventProducer, type EventProducer } from './publish.ts';
import { dlqTopic } from './topics.ts';
import { isTransientError } from './transient.ts';

// kafkajs spreads its error classes into its CommonJS exports, which named ESM imports cannot see.
const { KafkaJSError } = kafkajs;

export interface MessageMeta {
  topic: string;
  partition: number;
  offset: string;
}

export interface EventConsumerOptions {
  kafka: Kafka;
  groupId: string;
  topics: string[];
  logger: Logger;
  /** Applies one event. Must be idempotent: the same event may arrive more than once. */
  handle: (event: EventEnvelope, meta: MessageMeta) => Promise<void>;
  /**
   * The event types `handle` cares about (routeEvents gives them). Messages whose eventType
   * header names another type are skipped without being parsed; without the option, or for a
   * message without the header, every message reaches `handle`.
   */
  eventTypes?: readonly string[] | undefined;
  /** Attempts before the message goes to the dead-letter topic (default 5). */
  maxAttempts?: number;
  /** Delay before the first retry in ms, doubling each time (default 100). */
  retryDelayMs?: number;
  /**
   * Longest wait between retries of an event whose handler failed because a store or broker
   * is unavailable (default 5000). Those are retried until it is back, never dead-lettered.
   */
  maxUnavailableDelayMs?: number;
  fromBeginning?: boolean;
  /** How many partitions are processed at once (default 3 per topic, every partition of the topics: each topic has 3). */
  partitionsConsumedConcurrently?: number;
  /** How many message keys (aggregates) of one partition's batch are handled at once (default 16). */
  keysConsumedConcurrently?: number;
}

interface BatchContext {
  /** False once a rebalance or shutdown took the batch's partition away. */
  ours: () => boolean;
  heartbeat: () => Promise<void>;
}

export interface EventConsumer {
  consumer: Consumer;
  stop: () => Promise<void>;
}

/**
 * Consumes envelopes from `topics`, in order per message key (one aggregate's events) and
 * concurrently across keys. An offset is committed only after `handle` has resolved for it
 * and every message before it; a message that still fails after bounded retries (or is not
 * an envelope at all) is copied to `<topic>.dlq` with the error before moving on, so it
 * neither blocks the partition nor disappears. A failure that says a store or broker is
 * unavailable (isTransientError) is not the message's fault: it is retried, with backoff,
 * until the dependency is back.
 */
export async function startEventConsumer(options: EventConsumerOptions): Promise<EventConsumer> {
  const { kafka, groupId, topics, logger, handle, maxAttempts = 5, retryDelayMs = 100, maxUnavailableDelayMs = 5000 } = options;
  const wanted = options.eventTypes ? new Set(options.eventTypes) : undefined;
  const consumer = kafka.consumer({ groupId, allowAutoTopicCreation: false });
  const dlqProducer = createEventProducer(kafka, logger);
  await Promise.all([consumer.connect(), dlqProducer.connect()]);
  await consumer.subscribe({ topics, fromBeginning: options.fromBeginning ?? false });
  const keyConcurrency = options.keysConsumedConcurrently ?? 16;
  await consumer.run({
    autoCommit: true,
    // Offsets of handled messages are committed once a second instead of after every fetch: a
    // commit is a broker round trip per consumer, and what a crash makes us read again, the
    // inbox absorbs. A handled message's effect is durable before its offset is ever committed.
    autoCommitInterval: 1000,
    partitionsConsumedConcurrently: options.partitionsConsumedConcurrently ?? 3 * topics.length,
    // Offsets are resolved below, only up to the first message not yet handled.
    eachBatchAutoResolve: false,
    // Order matters per aggregate (the message key), not across aggregates: a batch is split
    // into one lane per key, handled in order within the lane and side by side across lanes.
    // A slow handler (a payment gateway call) then holds up its own order, not the partition.
    eachBatch: async ({ batch, resolveOffset, heartbeat, isRunning, isStale }) => {
      const meta = (message: KafkaMessage) => ({ topic: batch.topic, partition: batch.partition, offset: message.offset });
      const lanes = new Map<string, KafkaMessage[]>();
      for (const message of batch.messages) {
        const key = message.key?.toString('latin1') ?? '';
        const lane = lanes.get(key);
        if (lane) lane.push(message);
        else lanes.set(key, [message]);
      }
      const handled = new Set<string>();
      // After a rebalance or on shutdown the rest of the batch is left for whoever owns the partition next.
      const ours = () => isRunning() && !isStale();
      const batchContext = { ours, heartbeat };
      try {
        await pMap(
          lanes.values(),
          async (lane) => {
            for (const message of lane) {
              if (!ours()) return;
              if (!(await consumeMessage(meta(message), message, batchContext))) return;
              handled.add(message.offset);
              await heartbeat();
            }
          },
          { concurrency: keyConcurrency },
        );
      } catch (err) {
        // kafkajs gives up on a consumer for good after an error it does not know to be
        // retriable, and the service would go on without consuming: have it start over.
        throw err instanceof KafkaJSError ? err : new KafkaJSError(err as Error, { retriable: true });
      } finally {
        // Also when a lane failed (the dead-letter topic was unreachable): kafkajs then fetches
        // the batch again from the first message not handled.
        for (const message of batch.messages) {
          if (!handled.has(message.offset)) break;
          resolveOffset(message.offset);
        }
      }
    },
  });

  /** Resolves to true once the message is handled or dead-lettered, false if the batch stopped being ours first. */
  async function consumeMessage(meta: MessageMeta, message: KafkaMessage, batch: BatchContext): Promise<boolean> {
    const eventType = message.headers?.eventType?.toString();
    if (wanted && eventType !== undefined && !wanted.has(eventType)) return true;
    let event: EventEnvelope;
    try {
      event = parseEnvelope(message.value);
    } catch (err) {
      await deadLetter(dlqProducer, meta, message, err, logger);
      return true;
    }
    try {
      return await handleWithRetries(event, meta, batch);
    } catch (err) {
      await deadLetter(dlqProducer, meta, message, err, logger);
      return true;
    }
  }

  /**
   * Up to maxAttempts attempts for failures of the event's own making, the delay doubling from
   * retryDelayMs; failures that say a dependency is unavailable are retried for as long as it
   * takes (keeping the group membership alive), and do not count as attempts.
   */
  async function handleWithRetries(event: EventEnvelope, meta: MessageMeta, batch: BatchContext): Promise<boolean> {
    let failures = 0;
    let unavailable = 0;
    for (;;) {
      try {
        await handle(event, meta);
        if (unavailable > 0) logger.info({ eventId: event.eventId, unavailable }, 'event handled after its dependency came back');
        return true;
      } catch (err) {
        const context = { err, eventId: event.eventId, eventType: event.eventType };
        if (isTransientError(err)) {
          unavailable += 1;
          if (unavailable === 1 || unavailable % 10 === 0) logger.warn({ ...context, unavailable }, 'event handler failed: a dependency is unavailable; retrying');
          await sleep(Math.min(maxUnavailableDelayMs, retryDelayMs * 2 ** Math.min(unavailable - 1, 16)));
          // Kafka may be the one that is down: the heartbeat then fails, and that is not this event's fault either.
          await batch.heartbeat().catch(() => undefined);
          if (!batch.ours()) return false;
          continue;
        }
        failures += 1;
        logger.warn({ ...context, attemptNumber: failures }, 'event handler failed');
        if (failures >= maxAttempts) throw err;
        await sleep(retryDelayMs * 2 ** (failures - 1));
      }
    }
  }

  return {
    consumer,
    stop: async () => {
      await consumer.disconnect();
      await dlqProducer.disconnect();
    },
  };
}

async function deadLetter(producer: EventProducer, meta: MessageMeta, message: KafkaMessage, err: unknown, logger: Logger) {
  const reason = err instanceof Error ? err.message : String(err);
  logger.error({ err, ...meta }, 'message sent to the dead-letter topic');
  const headers: IHeaders = {
    ...message.headers,
    'dlq.topic': meta.topic,
    'dlq.partition': String(meta.partition),
    'dlq.offset': meta.offset,
    'dlq.error': reason.slice(0, 1000),
    'dlq.failedAt': new Date().toISOString(),
  };
  // If this send fails the handler throws, the offset is not committed and the message is retried.
  await producer.send({
    topic: dlqTopic(meta.topic),
    acks: -1,
    messages: [{ key: message.key, value: message.value, headers }],
  });
}

export interface ConsumerSpec {
  groupId: string;
  topics: string[];
  handle: EventConsumerOptions['handle'];
  eventTypes?: readonly string[];
}

/**
 * Starts one consumer per spec (each with its own group, logging under its group id,
 * reading from the beginning when the group is new: the inbox makes re-reading harmless).
 * If one fails to start, those already started are stopped. `stop` stops them all.
 */
export async function startEventConsumers(options: {
  kafka: Kafka;
  logger: Logger;
  consumers: ConsumerSpec[];
  maxAttempts?: number | undefined;
  retryDelayMs?: number | undefined;
  /** For a group without committed offsets: replay the topics (default true, to build read models). */
  fromBeginning?: boolean | undefined;
}): Promise<{ stop: () => Promise<void> }> {
  const started: EventConsumer[] = [];
  const stop = async () => {
    await Promise.all(started.map((consumer) => consumer.stop()));
  };
  try {
    for (const spec of options.consumers) {
      started.push(
        await startEventConsumer({
          kafka: options.kafka,
          groupId: spec.groupId,
          topics: spec.topics,
          logger: options.logger.child({ consumer: spec.groupId }),
          handle: spec.handle,
          eventTypes: spec.eventTypes,
          fromBeginning: options.fromBeginning ?? true,
          ...(options.maxAttempts ? { maxAttempts: options.maxAttempts } : {}),
          ...(options.retryDelayMs ? { retryDelayMs: options.retryDelayMs } : {}),
        }),
      );
    }
  } catch (err) {
    await stop();
    throw err;
  }
  return { stop };
}

/**
 * One row of a subgraph's consumer table: the environment variable naming the consumer group
 * (tests and the supervisor set their own), the topics it reads and what it does with them.
 */
export interface ConsumerTableEntry<GroupEnv extends string = string> {
  groupEnv: GroupEnv;
  topics: string[];
  handler: { handle: EventConsumerOptions['handle']; eventTypes?: readonly string[] };
}

/** Starts one consumer per row of `table`, each in the group `groups[row.groupEnv]` (see startEventConsumers). */
export function startConsumerTable<GroupEnv extends string>(options: {
  kafka: Kafka;
  logger: Logger;
  table: ConsumerTableEntry<GroupEnv>[];
  groups: Record<GroupEnv, string>;
  maxAttempts?: number | undefined;
  retryDelayMs?: number | undefined;
  fromBeginning?: boolean | undefined;
}): Promise<{ stop: () => Promise<void> }> {
  const { table, groups, ...rest } = options;
  return startEventConsumers({
    ...rest,
    consumers: table.map((row) => ({
      groupId: groups[row.groupEnv],
      topics: row.topics,
      handle: row.handler.handle,
      ...(row.handler.eventTypes ? { eventTypes: row.handler.eventTypes } : {}),
    })),
  });
}
