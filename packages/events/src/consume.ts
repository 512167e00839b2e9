import { setTimeout as sleep } from 'node:timers/promises';
import type { Consumer, IHeaders, Kafka, KafkaMessage, Producer } from 'kafkajs';
import pMap from 'p-map';
import pRetry from 'p-retry';
import type { Logger } from 'pino';
import { parseEnvelope, type EventEnvelope } from './envelope.ts';
import { dlqTopic } from './topics.ts';

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
  fromBeginning?: boolean;
  /** How many partitions are processed at once (default 3 per topic, every partition of the topics: each topic has 3). */
  partitionsConsumedConcurrently?: number;
  /** How many message keys (aggregates) of one partition's batch are handled at once (default 16). */
  keysConsumedConcurrently?: number;
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
 * neither blocks the partition nor disappears.
 */
export async function startEventConsumer(options: EventConsumerOptions): Promise<EventConsumer> {
  const { kafka, groupId, topics, logger, handle, maxAttempts = 5, retryDelayMs = 100 } = options;
  const wanted = options.eventTypes ? new Set(options.eventTypes) : undefined;
  const consumer = kafka.consumer({ groupId, allowAutoTopicCreation: false });
  const dlqProducer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
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
      try {
        await pMap(
          lanes.values(),
          async (lane) => {
            for (const message of lane) {
              // After a rebalance or on shutdown the rest of the batch is left for whoever owns the partition next.
              if (!isRunning() || isStale()) return;
              await consumeMessage(meta(message), message);
              handled.add(message.offset);
              await heartbeat();
            }
          },
          { concurrency: keyConcurrency },
        );
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

  async function consumeMessage(meta: MessageMeta, message: KafkaMessage): Promise<void> {
    const eventType = message.headers?.eventType?.toString();
    if (wanted && eventType !== undefined && !wanted.has(eventType)) return;
    let event: EventEnvelope;
    try {
      event = parseEnvelope(message.value);
    } catch (err) {
      await deadLetter(dlqProducer, meta, message, err, logger);
      return;
    }
    try {
      await handleWithRetries(event, meta);
    } catch (err) {
      await deadLetter(dlqProducer, meta, message, err, logger);
    }
  }

  /**
   * Up to maxAttempts attempts, the delay doubling from retryDelayMs between them. Most events
   * succeed at once, so the retry machinery is only set up after a first failure.
   */
  async function handleWithRetries(event: EventEnvelope, meta: MessageMeta): Promise<void> {
    const failed = (err: unknown, attemptNumber: number) =>
      logger.warn({ err, eventId: event.eventId, eventType: event.eventType, attemptNumber }, 'event handler failed');
    try {
      return await handle(event, meta);
    } catch (err) {
      failed(err, 1);
      if (maxAttempts <= 1) throw err;
    }
    await sleep(retryDelayMs);
    await pRetry(() => handle(event, meta), {
      retries: maxAttempts - 2,
      minTimeout: retryDelayMs * 2,
      factor: 2,
      onFailedAttempt: ({ error, attemptNumber }) => failed(error, attemptNumber + 1),
    });
  }

  return {
    consumer,
    stop: async () => {
      await consumer.disconnect();
      await dlqProducer.disconnect();
    },
  };
}

async function deadLetter(producer: Producer, meta: MessageMeta, message: KafkaMessage, err: unknown, logger: Logger) {
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
          fromBeginning: true,
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
