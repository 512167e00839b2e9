import type { Admin, Kafka } from 'kafkajs';
import type { DataSource } from 'typeorm';
import { createEvent, type EventEnvelope, type EventProducer } from '@commerce/events';
import { createPostgresDataSource, type Logger } from '@commerce/service-kit';
import { infra, unique, waitFor } from '@commerce/testkit';

export { waitFor };
import { enqueueEvents, outboxMigrations } from '../src/index.ts';

export const databaseUrl = infra.postgresUrl('customers');

/** A DataSource on the shared customers database with the outbox tables migrated. */
export function connect(logger: Logger): Promise<DataSource> {
  return createPostgresDataSource({
    url: databaseUrl,
    applicationName: 'outbox-test',
    entities: [],
    migrations: outboxMigrations,
    logger,
  });
}

/** `count` events of one aggregate, numbered in `data.seq` so order can be checked. */
export function eventsOf(aggregateId: string, count: number): EventEnvelope[] {
  return Array.from({ length: count }, (_, seq) => createEvent({ eventType: 'TestHappened', aggregateId, data: { seq } }));
}

export function enqueue(dataSource: DataSource, topic: string, envelopes: EventEnvelope[]): Promise<void> {
  return dataSource.transaction((manager) => enqueueEvents(manager, topic, envelopes));
}

/** published_at of each given event's outbox row (absent ids have no row). */
export async function outboxRows(dataSource: DataSource, eventIds: string[]): Promise<Map<string, Date | null>> {
  const rows: { event_id: string; published_at: Date | null }[] = await dataSource.query(
    'select event_id, published_at from outbox where event_id = any($1::uuid[])',
    [eventIds],
  );
  return new Map(rows.map((row) => [row.event_id, row.published_at]));
}

export async function allPublished(dataSource: DataSource, eventIds: string[]): Promise<boolean> {
  const rows = await outboxRows(dataSource, eventIds);
  return eventIds.every((id) => rows.get(id) instanceof Date);
}

/** Topics created for one suite; its rows are removed before the topics so no relay is left retrying them. */
export function topicsFor(admin: Admin, dataSource: () => DataSource) {
  const created: string[] = [];
  return {
    async fresh(partitions = 3): Promise<string> {
      const topic = unique('test.outbox.');
      await admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: partitions, replicationFactor: 1 }] });
      created.push(topic);
      return topic;
    },
    async removeAll(): Promise<void> {
      if (created.length === 0) return;
      await dataSource().query('delete from outbox where topic = any($1::text[])', [created]);
      await admin.deleteTopics({ topics: created }).catch(() => undefined);
    },
  };
}

/** Messages on a topic by its offsets: exact, and independent of any consumer group. */
export async function messageCount(admin: Admin, topic: string): Promise<number> {
  const offsets = await admin.fetchTopicOffsets(topic);
  return offsets.reduce((sum, { high, low }) => sum + Number(high) - Number(low), 0);
}

export interface Received {
  key: string;
  partition: number;
  offset: number;
  headers: Record<string, string>;
  envelope: EventEnvelope;
}

/** Reads a topic from the beginning with a fresh group until `expected` messages arrived. */
export async function readTopic(kafka: Kafka, topic: string, expected: number): Promise<Received[]> {
  const received: Received[] = [];
  const consumer = kafka.consumer({ groupId: unique('outbox-test-') });
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ partition, message }) => {
        const headers = Object.fromEntries(Object.entries(message.headers ?? {}).map(([name, value]) => [name, String(value)]));
        received.push({
          key: message.key!.toString(),
          partition,
          offset: Number(message.offset),
          headers,
          envelope: JSON.parse(message.value!.toString()),
        });
      },
    });
    await waitFor(() => received.length >= expected, 20_000, `${expected} messages on ${topic}`);
  } finally {
    await consumer.disconnect();
  }
  return received;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** A producer whose sendBatch fails while `failing` is set, counting every attempt. */
export function flakyProducer(producer: EventProducer) {
  const state = { failing: false, attempts: 0 };
  const flaky: EventProducer = {
    ...producer,
    sendBatch: async (batch) => {
      state.attempts += 1;
      if (state.failing) throw new Error('broker unavailable (simulated)');
      return producer.sendBatch(batch);
    },
  };
  return { producer: flaky, state };
}

/** A producer that waits a random 0..maxDelayMs before each sendBatch, like a relay on a busy host. */
export function jitteryProducer(producer: EventProducer, maxDelayMs: number): EventProducer {
  return {
    ...producer,
    sendBatch: async (batch) => {
      await sleep(Math.random() * maxDelayMs);
      return producer.sendBatch(batch);
    },
  };
}
