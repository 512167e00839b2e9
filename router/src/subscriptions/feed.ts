import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Admin, Consumer, Kafka, KafkaMessage } from 'kafkajs';
import pLimit from 'p-limit';
import { parseEnvelope } from '@commerce/events';
import type { Logger } from '@commerce/service-kit';
import type { Positions } from './cursor.ts';
import type { FeedRecord } from './subscriber.ts';

export interface EventFeedOptions {
  kafka: Kafka;
  topics: readonly string[];
  logger: Logger;
  /** Called for every live record, in order per partition, right after the positions moved past it. */
  onRecord: (record: FeedRecord) => void;
  /**
   * Whether anything follows an event type on a topic (config.ts followedBy). Messages whose
   * eventType header names a type nobody follows only move the positions; without the
   * option, or without the header, every message is parsed and handed on.
   */
  follows?: (topic: string, eventType: string) => boolean;
  /** The live consumer stopped for good (kafkajs gave up restarting it). */
  onFailure?: (error: Error) => void;
  /** Replays reading Kafka at once; more wait their turn. */
  replayConcurrency?: number;
  /** A replay that hands on nothing for this long (Kafka or the subscriber stalled) fails. */
  replayTimeoutMs?: number;
}

/**
 * The router's view of the event topics. Every router instance reads every event (a
 * consumer group of its own that seeks to the live edge taken before it joined, so nothing
 * produced after `start` is missed), and keeps `positions`: the next offset per partition,
 * below which everything has been handed to `onRecord`. `replay` reads a past range again
 * for a subscriber that resumes from a cursor.
 */
export class EventFeed {
  readonly positions: Positions = {};
  private readonly options: EventFeedOptions;
  private readonly groupPrefix = `router.${hostname()}.${process.pid}.${randomUUID().slice(0, 8)}`;
  private readonly replays: ReturnType<typeof pLimit>;
  private consumer: Consumer | undefined;
  private started = false;

  constructor(options: EventFeedOptions) {
    this.options = options;
    this.replays = pLimit(options.replayConcurrency ?? 4);
  }

  get ready(): boolean {
    return this.started;
  }

  async start(): Promise<void> {
    const { kafka, topics, logger } = this.options;
    const groupId = `${this.groupPrefix}.live`;
    const edge = await this.withAdmin(async (admin) => {
      const ends: Positions = {};
      for (const topic of topics) {
        ends[topic] = [];
        for (const { partition, high } of await admin.fetchTopicOffsets(topic)) ends[topic][partition] = Number(high);
      }
      return ends;
    });
    Object.assign(this.positions, edge);
    const consumer = kafka.consumer({ groupId, allowAutoTopicCreation: false, maxWaitTimeInMs: 1000 });
    this.consumer = consumer;
    // On every join (the first, and after a broker hiccup) carry on exactly where the feed is.
    seekOnJoin(consumer, this.positions);
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      if (payload.restart) return;
      this.started = false;
      logger.error({ err: payload.error }, 'subscription feed stopped');
      this.options.onFailure?.(payload.error);
    });
    await consumer.connect();
    await consumer.subscribe({ topics: [...topics] });
    await consumer.run({
      autoCommit: false,
      eachMessage: async ({ topic, partition, message }) => this.receive(topic, partition, message),
    });
    this.started = true;
    logger.info({ groupId, topics }, 'subscription feed reading from the live edge');
  }

  async stop(): Promise<void> {
    this.started = false;
    if (!this.consumer) return;
    await this.consumer.disconnect();
    // The group belongs to this process alone; nobody resumes it.
    await this.withAdmin((admin) => admin.deleteGroups([`${this.groupPrefix}.live`])).catch(() => undefined);
  }

  /**
   * Hands `onRecord` every record from `from` up to (not including) `to`, partition by
   * partition in order, through a consumer group used once. The next record is read only once
   * `onRecord` has settled, so the caller sets the pace; `signal` ends the replay early.
   */
  replay(from: Positions, to: Positions, onRecord: (record: FeedRecord) => Promise<void>, signal?: AbortSignal): Promise<void> {
    const remaining = new Map<string, number>();
    for (const [topic, ends] of Object.entries(to)) {
      ends.forEach((end, partition) => {
        if ((from[topic]?.[partition] ?? end) < end) remaining.set(`${topic}:${partition}`, end);
      });
    }
    if (remaining.size === 0) return Promise.resolve();
    return this.replays(() => (signal?.aborted ? Promise.resolve() : this.readRange(from, to, remaining, onRecord, signal)));
  }

  private async readRange(
    from: Positions,
    to: Positions,
    remaining: Map<string, number>,
    onRecord: (record: FeedRecord) => Promise<void>,
    signal: AbortSignal | undefined,
  ): Promise<void> {
    const { kafka, replayTimeoutMs = 30_000 } = this.options;
    const groupId = `${this.groupPrefix}.replay.${randomUUID()}`;
    const topics = [...new Set([...remaining.keys()].map((key) => key.slice(0, key.lastIndexOf(':'))))];
    // Kafka may have deleted the oldest events (retention): start at the oldest it still has.
    const oldest = await this.withAdmin(async (admin) =>
      Object.fromEntries(
        await Promise.all(
          topics.map(async (topic) => [topic, Object.fromEntries((await admin.fetchTopicOffsets(topic)).map(({ partition, low }) => [partition, Number(low)]))] as const),
        ),
      ),
    );
    const starts = Object.fromEntries(
      topics.map((topic) => [
        topic,
        (to[topic] ?? []).map((end, partition) => Math.min(Math.max(from[topic]?.[partition] ?? end, oldest[topic]?.[partition] ?? 0), end)),
      ]),
    );
    for (const [key] of remaining) {
      const [topic, partition] = [key.slice(0, key.lastIndexOf(':')), Number(key.slice(key.lastIndexOf(':') + 1))];
      if ((starts[topic]?.[partition] ?? 0) >= (to[topic]?.[partition] ?? 0)) remaining.delete(key);
    }
    if (remaining.size === 0) return;
    const consumer = kafka.consumer({ groupId, allowAutoTopicCreation: false, maxWaitTimeInMs: 200 });
    seekOnJoin(consumer, starts);
    let timer: NodeJS.Timeout | undefined;
    try {
      await consumer.connect();
      await consumer.subscribe({ topics });
      await new Promise<void>((resolve, reject) => {
        const stalled = () => {
          clearTimeout(timer);
          timer = setTimeout(() => reject(new Error(`replay handed on nothing for ${replayTimeoutMs} ms`)), replayTimeoutMs);
        };
        stalled();
        signal?.addEventListener('abort', () => resolve(), { once: true });
        consumer
          .run({
            autoCommit: false,
            eachMessage: async ({ topic, partition, message, heartbeat }) => {
              const key = `${topic}:${partition}`;
              const end = remaining.get(key);
              const offset = Number(message.offset);
              if (signal?.aborted || end === undefined || offset >= end) return;
              const event = this.followed(topic, message) ? this.parse(topic, partition, message) : undefined;
              if (event) {
                // Waiting on a slow subscriber must not cost the group its membership (a rejoin
                // reads the range again from its start).
                const alive = setInterval(() => void heartbeat().catch(() => undefined), 1000);
                await onRecord({ topic, partition, offset, event }).finally(() => clearInterval(alive));
              }
              stalled();
              if (offset + 1 >= end) remaining.delete(key);
              if (remaining.size === 0) resolve();
            },
          })
          .catch(reject);
      });
    } finally {
      clearTimeout(timer);
      await consumer.disconnect().catch(() => undefined);
      await this.withAdmin((admin) => admin.deleteGroups([groupId])).catch(() => undefined);
    }
  }

  private receive(topic: string, partition: number, message: KafkaMessage): void {
    const offset = Number(message.offset);
    const offsets = (this.positions[topic] ??= []);
    // After a rejoin the group restarts from its last commit: skip what was handed out already.
    if (offset < (offsets[partition] ?? 0)) return;
    offsets[partition] = offset + 1;
    if (!this.followed(topic, message)) return;
    const event = this.parse(topic, partition, message);
    if (event) this.options.onRecord({ topic, partition, offset, event });
  }

  private followed(topic: string, message: KafkaMessage): boolean {
    const eventType = message.headers?.eventType?.toString();
    return eventType === undefined || !this.options.follows || this.options.follows(topic, eventType);
  }

  private parse(topic: string, partition: number, message: KafkaMessage) {
    try {
      return parseEnvelope(message.value);
    } catch (err) {
      this.options.logger.warn({ err, topic, partition, offset: message.offset }, 'skipping a message that is not an event envelope');
      return undefined;
    }
  }

  private async withAdmin<T>(run: (admin: Admin) => Promise<T>): Promise<T> {
    const admin = this.options.kafka.admin();
    await admin.connect();
    try {
      return await run(admin);
    } finally {
      await admin.disconnect();
    }
  }
}

/**
 * Seeks every assigned partition to `positions` as the consumer joins its group: kafkajs
 * emits GROUP_JOIN before its first fetch, and applies seeks before fetching, so reading
 * starts exactly there. (Committing offsets for a new group through the admin client costs a
 * full fetch wait per topic.)
 */
function seekOnJoin(consumer: Consumer, positions: Positions): void {
  consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
    for (const [topic, partitions] of Object.entries(payload.memberAssignment)) {
      for (const partition of partitions) {
        const offset = positions[topic]?.[partition];
        if (offset !== undefined) consumer.seek({ topic, partition, offset: String(offset) });
      }
    }
  });
}
