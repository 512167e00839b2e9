import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, afterEach, before, describe, test } from 'node:test';
import type { Admin, Kafka } from 'kafkajs';
import { pino } from 'pino';
import type { DataSource } from 'typeorm';
import { createEventProducer, type EventEnvelope, type EventProducer } from '@commerce/events';
import { createKafka } from '@commerce/service-kit';
import { infra, testLogger, unique } from '@commerce/testkit';
import { enqueueEvents, startOutboxRelay, type OutboxRelay, type OutboxRelayOptions } from '../src/index.ts';
import {
  allPublished,
  connect,
  databaseUrl,
  enqueue,
  eventsOf,
  flakyProducer,
  jitteryProducer,
  messageCount,
  outboxRows,
  readTopic,
  sleep,
  topicsFor,
  waitFor,
  type Received,
} from './support.ts';

// The outbox table is shared with other runs and services, so every assertion is about this
// test's own event ids and topics, never about global counts.
describe('outbox relay against the real PostgreSQL and Kafka', () => {
  const logger = testLogger('outbox');
  let dataSource: DataSource;
  let kafka: Kafka;
  let admin: Admin;
  let producer: EventProducer;
  let topics: ReturnType<typeof topicsFor>;
  const relays: OutboxRelay[] = [];

  async function relay(options: Partial<OutboxRelayOptions> = {}): Promise<OutboxRelay> {
    const started = await startOutboxRelay({ producer, logger, databaseUrl, ...options });
    relays.push(started);
    return started;
  }

  before(async () => {
    dataSource = await connect(logger);
    kafka = createKafka({ clientId: 'outbox-test', brokers: infra.kafkaBrokers, logger });
    admin = kafka.admin();
    await admin.connect();
    producer = createEventProducer(kafka);
    await producer.connect();
    topics = topicsFor(admin, () => dataSource);
  });

  // A relay left running by a failed test would hold the lock and publish the next test's rows.
  afterEach(async () => {
    await Promise.all(relays.splice(0).map((started) => started.stop()));
  });

  after(async () => {
    await topics.removeAll();
    await producer.disconnect();
    await admin.disconnect();
    await dataSource.destroy();
  });

  test('events of a rolled-back transaction are never published; committed ones are published once, in order, keyed by aggregate', async () => {
    const topic = await topics.fresh();
    const rolledBack = eventsOf('agg-rolled-back', 2);
    await assert.rejects(
      dataSource.transaction(async (manager) => {
        await enqueueEvents(manager, topic, rolledBack);
        throw new Error('state change failed');
      }),
      /state change failed/,
    );
    const a = eventsOf(unique('agg-a-'), 6);
    const b = eventsOf(unique('agg-b-'), 6);
    // Interleaved across two transactions: order must hold per aggregate, whatever the partition.
    await enqueue(dataSource, topic, [a[0]!, b[0]!, a[1]!, a[2]!, b[1]!, b[2]!]);
    await enqueue(dataSource, topic, [...b.slice(3), ...a.slice(3)]);
    const committed = [...a, ...b];

    const started = await relay({ pollIntervalMs: 100 });
    await waitFor(() => allPublished(dataSource, ids(committed)), 10_000, 'committed rows marked published');
    await started.stop();

    assert.equal((await outboxRows(dataSource, ids(rolledBack))).size, 0, 'rolled-back events left no outbox row');
    assert.equal(await messageCount(admin, topic), committed.length, 'exactly the committed events are on the topic');
    const received = await readTopic(kafka, topic, committed.length);
    assert.deepEqual(received.map((message) => message.envelope.eventId).sort(), ids(committed).sort());
    for (const events of [a, b]) {
      const aggregateId = events[0]!.aggregateId;
      const ofAggregate = inPartitionOrder(received.filter((message) => message.key === aggregateId));
      assert.deepEqual(
        ofAggregate.map((message) => message.envelope),
        events,
        `${aggregateId}: every envelope intact, in the order enqueued`,
      );
      assert.equal(new Set(ofAggregate.map((message) => message.partition)).size, 1, 'one aggregate, one partition');
      assert.deepEqual(ofAggregate[0]!.headers, { eventType: 'TestHappened', eventId: events[0]!.eventId });
    }
  });

  test('an event committed while no relay runs is published exactly once when a relay starts, and its row is marked published', async () => {
    const topic = await topics.fresh();
    const [event] = eventsOf(unique('agg-'), 1) as [EventEnvelope];
    await enqueue(dataSource, topic, [event]);
    assert.equal((await outboxRows(dataSource, [event.eventId])).get(event.eventId), null, 'waits in the outbox');

    // A poll far beyond the test's wait: only the relay's start-up pass can publish it.
    const first = await relay({ pollIntervalMs: 60_000 });
    await waitFor(() => allPublished(dataSource, [event.eventId]), 10_000, 'the row marked published');
    await first.stop();
    // A restarted relay must not publish it again.
    const second = await relay({ pollIntervalMs: 60_000 });
    await second.flush();
    await second.stop();

    assert.ok((await outboxRows(dataSource, [event.eventId])).get(event.eventId) instanceof Date);
    assert.equal(await messageCount(admin, topic), 1);
    const [message] = await readTopic(kafka, topic, 1);
    assert.equal(message!.key, event.aggregateId);
    assert.deepEqual(message!.envelope, event);
  });

  test('a relay wakes on NOTIFY without waiting for its poll, and listens again after its connection is killed', async () => {
    const topic = await topics.fresh();
    const applicationName = unique('outbox-listener-');
    const started = await relay({ pollIntervalMs: 60_000, applicationName });
    // Let the start-up pass finish, so the loop is asleep for the full minute.
    await started.flush();

    const [first] = eventsOf(unique('agg-'), 1) as [EventEnvelope];
    await enqueue(dataSource, topic, [first]);
    await waitFor(() => allPublished(dataSource, [first.eventId]), 5_000, 'publication after NOTIFY');

    const listenerPid = async (): Promise<number | undefined> => {
      const rows: { pid: number }[] = await dataSource.query('select pid from pg_stat_activity where application_name = $1', [
        applicationName,
      ]);
      return rows[0]?.pid;
    };
    const killed = await listenerPid();
    assert.ok(killed, 'the listener has its own session');
    await dataSource.query('select pg_terminate_backend($1)', [killed]);
    await waitFor(async () => ![undefined, killed].includes(await listenerPid()), 10_000, 'the listener to reconnect');

    const [second] = eventsOf(unique('agg-'), 1) as [EventEnvelope];
    await enqueue(dataSource, topic, [second]);
    await waitFor(() => allPublished(dataSource, [second.eventId]), 5_000, 'publication after NOTIFY on the new session');
    await started.stop();
    assert.equal(await messageCount(admin, topic), 2);
  });

  test('two relays running at once on one database publish every event once and keep each aggregate in order', async () => {
    const topic = await topics.fresh();
    const otherProducer = createEventProducer(kafka);
    await otherProducer.connect();
    let two: OutboxRelay | undefined;
    try {
      // Small batches so the relays take turns many times within one backlog; random send delays
      // so that, were both to publish at once, a later batch would often overtake an earlier one.
      const one = await relay({ producer: jitteryProducer(producer, 20), batchSize: 3, pollIntervalMs: 20 });
      two = await relay({
        producer: jitteryProducer(otherProducer, 20),
        batchSize: 3,
        pollIntervalMs: 20,
      });
      const aggregates = [unique('agg-x-'), unique('agg-y-'), unique('agg-z-')].map((id) => eventsOf(id, 40));
      for (let round = 0; round < 8; round++) {
        // Aggregates alternate row by row, so every pair of concurrent batches splits each aggregate.
        const rows = Array.from({ length: 5 }, (_, i) => aggregates.map((events) => events[round * 5 + i]!));
        await enqueue(dataSource, topic, rows.flat());
        // Explicit flushes on both sides make them collide on the same backlog, not only on the timers.
        await Promise.all([one.flush(), two.flush(), one.flush(), two.flush()]);
      }
      const all = aggregates.flat();
      await waitFor(() => allPublished(dataSource, ids(all)), 15_000, 'every row marked published');
      await Promise.all([one.stop(), two.stop()]);

      assert.equal(await messageCount(admin, topic), all.length, 'no event published twice');
      const received = await readTopic(kafka, topic, all.length);
      assert.equal(new Set(received.map((message) => message.envelope.eventId)).size, all.length);
      for (const events of aggregates) {
        const ofAggregate = inPartitionOrder(received.filter((message) => message.key === events[0]!.aggregateId));
        assert.deepEqual(ids(ofAggregate.map((message) => message.envelope)), ids(events), 'per-aggregate order kept');
      }
    } finally {
      await two?.stop();
      await otherProducer.disconnect();
    }
  });

  test('a failed publish rolls the batch back, is retried with backoff and logged at warn, and publishes once the broker recovers', async () => {
    const topic = await topics.fresh();
    const lines: string[] = [];
    const capturing = pino({ level: 'warn' }, { write: (line: string) => void lines.push(line) });
    const flaky = flakyProducer(producer);
    flaky.state.failing = true;
    const events = eventsOf(unique('agg-'), 3);
    await enqueue(dataSource, topic, events);

    const started = await relay({ producer: flaky.producer, logger: capturing, pollIntervalMs: 100 });
    // flush() answers 0 while the relay's own pass holds the lock; try until it gets the batch itself.
    let failure: unknown;
    for (let attempt = 0; attempt < 100 && failure === undefined; attempt++) {
      await started.flush().then(() => sleep(20), (err: unknown) => void (failure = err));
    }
    assert.match(String(failure), /broker unavailable/);
    assert.deepEqual([...(await outboxRows(dataSource, ids(events))).values()], [null, null, null], 'rows still unpublished');

    const attemptsBefore = flaky.state.attempts;
    await sleep(2_000);
    const retries = flaky.state.attempts - attemptsBefore;
    // Every 100 ms without backoff would be ~20; doubling from 100 ms gives about 4 in two seconds.
    assert.ok(retries >= 2 && retries <= 8, `retried with backoff, got ${retries} attempts in 2 s`);
    const warnings = lines.map((line) => JSON.parse(line) as { level: number; msg: string });
    assert.ok(warnings.some((entry) => entry.level === 40 && /outbox publish failed/.test(entry.msg)));
    assert.equal(await messageCount(admin, topic), 0);

    flaky.state.failing = false;
    await waitFor(() => allPublished(dataSource, ids(events)), 10_000, 'publication after recovery');
    await started.stop();
    assert.equal(await messageCount(admin, topic), 3);
    const received = inPartitionOrder(await readTopic(kafka, topic, 3));
    assert.deepEqual(ids(received.map((message) => message.envelope)), ids(events));
  });

  test('a relay whose session PostgreSQL terminates while it waits on Kafka survives, and publishes the batch on a later pass', async () => {
    const topic = await topics.fresh();
    const events = eventsOf(unique('agg-'), 2);
    await enqueue(dataSource, topic, events);
    // The first send waits until the test has killed the relay's session under it.
    let entered!: () => void;
    const sending = new Promise<void>((resolve) => (entered = resolve));
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let sends = 0;
    const gated: EventProducer = {
      ...producer,
      sendBatch: async (batch) => {
        if (sends++ === 0) {
          entered();
          await released;
        }
        return producer.sendBatch(batch);
      },
    };
    const applicationName = unique('relay-');
    await relay({ producer: gated, pollIntervalMs: 100, applicationName });
    await sending;
    const [terminated] = await dataSource.query(
      'select count(pg_terminate_backend(pid))::int as n from pg_stat_activity where application_name = $1',
      [`${applicationName}/publish`],
    );
    assert.equal(terminated.n, 1);
    // node-postgres emits 'error' on the idle, checked-out client; unheard, it ends this process.
    await sleep(300);
    release();
    await waitFor(() => allPublished(dataSource, ids(events)), 15_000, 'publication on a new session');
    const received = inPartitionOrder(await readTopic(kafka, topic, 2));
    assert.deepEqual(new Set(ids(received.map((message) => message.envelope))), new Set(ids(events)));
  });

  test('published rows past the retention are deleted and recent ones are kept', async () => {
    const expired = randomUUID();
    const recent = randomUUID();
    // Inserted directly with back-dated times; the topic never exists because nothing publishes them.
    const topic = unique('test.outbox.never.');
    try {
      await dataSource.query(
        `insert into outbox (event_id, topic, message_key, envelope, created_at, published_at) values
           ($1, $3, 'k', '{}', now() - interval '9 days', now() - interval '8 days'),
           ($2, $3, 'k', '{}', now() - interval '2 days', now() - interval '1 day')`,
        [expired, recent, topic],
      );
      const started = await relay({ pollIntervalMs: 60_000 });
      await waitFor(async () => !(await outboxRows(dataSource, [expired])).has(expired), 5_000, 'the expired row deleted');
      await started.stop();
      assert.ok((await outboxRows(dataSource, [recent])).has(recent), 'a row within the 7-day retention stays');
    } finally {
      await dataSource.query('delete from outbox where topic = $1', [topic]);
    }
  });

  test('enqueueEvents refuses a manager outside a transaction, where events would commit on their own', async () => {
    const [event] = eventsOf(unique('agg-'), 1) as [EventEnvelope];
    await assert.rejects(enqueueEvents(dataSource.manager, 'customers.events', [event]), /open transaction/);
    assert.equal((await outboxRows(dataSource, [event.eventId])).size, 0);
  });
});

function ids(envelopes: EventEnvelope[]): string[] {
  return envelopes.map((envelope) => envelope.eventId);
}

function inPartitionOrder(messages: Received[]): Received[] {
  return [...messages].sort((x, y) => x.partition - y.partition || x.offset - y.offset);
}
