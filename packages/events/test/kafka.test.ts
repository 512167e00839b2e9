import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Admin, Kafka } from 'kafkajs';
import { createKafka } from '@commerce/service-kit';
import { infra, testLogger, unique } from '@commerce/testkit';
import {
  CustomerRegistered,
  CustomerUpdated,
  createEventProducer,
  on,
  routeEvents,
  toMessage,
  dlqTopic,
  matchEvent,
  newEvent,
  parseEnvelope,
  publishEvents,
  startEventConsumer,
  type EventConsumerOptions,
  type EventEnvelope,
  type EventProducer,
} from '../src/index.ts';

// Each run gets its own topics so it never sees another run's messages.
describe('events over the real Kafka broker', () => {
  const logger = testLogger('events');
  let kafka: Kafka;
  let admin: Admin;
  let producer: EventProducer;
  const created: string[] = [];

  /** A new topic and its dead-letter topic, deleted after the suite. */
  async function freshTopic(): Promise<string> {
    const topic = unique('test.events.');
    const topics = [topic, dlqTopic(topic)];
    await admin.createTopics({
      waitForLeaders: true,
      topics: topics.map((name) => ({ topic: name, numPartitions: 2, replicationFactor: 1 })),
    });
    created.push(...topics);
    return topic;
  }

  /** startEventConsumer on `topic` from its beginning, in a new group unless one is given. */
  function consume(topic: string, options: Partial<EventConsumerOptions> & Pick<EventConsumerOptions, 'handle'>) {
    return startEventConsumer({ kafka, groupId: unique('g-'), topics: [topic], logger, fromBeginning: true, ...options });
  }

  /** Every message of `topic`, from its beginning, as it arrives. */
  async function readAll(topic: string) {
    const reader = kafka.consumer({ groupId: unique('read-') });
    const messages: string[] = [];
    await reader.connect();
    await reader.subscribe({ topic, fromBeginning: true });
    await reader.run({ eachMessage: async ({ message }) => void messages.push(message.value!.toString()) });
    return { messages, stop: () => reader.disconnect() };
  }

  before(async () => {
    kafka = createKafka({ clientId: 'events-test', brokers: infra.kafkaBrokers, logger });
    admin = kafka.admin();
    await admin.connect();
    producer = createEventProducer(kafka);
    await producer.connect();
  });

  after(async () => {
    await producer.disconnect();
    await admin.deleteTopics({ topics: created }).catch(() => undefined);
    await admin.disconnect();
  });

  test('a published envelope is consumed once, keyed by its aggregate, with its payload intact', async () => {
    const topic = await freshTopic();
    const event = newEvent(CustomerRegistered, {
      aggregateId: 'cus_01JD3ZK5W7Y8X9Q2R3S4T5V6W7',
      data: {
        customerId: 'cus_01JD3ZK5W7Y8X9Q2R3S4T5V6W7',
        email: 'ada@example.com',
        firstName: 'Ada',
        lastName: 'Lovelace',
        registeredAt: new Date().toISOString(),
      },
    });
    const received: EventEnvelope[] = [];
    let resolveReceived!: () => void;
    const done = new Promise<void>((resolve) => (resolveReceived = resolve));
    const consumer = await consume(topic, {
      handle: async (envelope) => {
        received.push(envelope);
        resolveReceived();
      },
    });
    try {
      await publishEvents(producer, topic, [event]);
      await withTimeout(done, 20_000);
      assert.equal(received.length, 1);
      const matched = matchEvent(CustomerRegistered, received[0]!);
      assert.deepEqual(matched, event);
    } finally {
      await consumer.stop();
    }
  });

  test('a message that keeps failing goes to the dead-letter topic with the error, and the next one is processed', async () => {
    const topic = await freshTopic();
    const groupId = unique('g-');
    const events = ['poison', 'healthy'].map((name) => registered('cus_same_aggregate', name));
    const processed: string[] = [];
    let attempts = 0;
    let resolveHealthy!: () => void;
    const healthyDone = new Promise<void>((resolve) => (resolveHealthy = resolve));
    const consumer = await consume(topic, {
      groupId,
      maxAttempts: 3,
      retryDelayMs: 10,
      handle: async (envelope) => {
        const { customerId } = envelope.data as { customerId: string };
        if (customerId === 'poison') {
          attempts += 1;
          throw new Error('cannot apply poison');
        }
        processed.push(customerId);
        resolveHealthy();
      },
    });
    const dlq = kafka.consumer({ groupId: unique('dlq-') });
    const deadLetters: { value: string; error: string }[] = [];
    await dlq.connect();
    await dlq.subscribe({ topic: dlqTopic(topic), fromBeginning: true });
    await dlq.run({
      eachMessage: async ({ message }) => {
        deadLetters.push({ value: message.value!.toString(), error: message.headers!['dlq.error']!.toString() });
      },
    });
    try {
      await publishEvents(producer, topic, events);
      await withTimeout(healthyDone, 20_000);
      assert.equal(attempts, 3, 'bounded retries');
      assert.deepEqual(processed, ['healthy']);
      await withTimeout(until(() => deadLetters.length === 1), 20_000);
      assert.equal(parseEnvelope(deadLetters[0]!.value).eventId, events[0]!.eventId);
      assert.equal(deadLetters[0]!.error, 'cannot apply poison');
    } finally {
      await consumer.stop();
      await dlq.disconnect();
    }
  });

  test('an event whose store is unavailable is retried until it is back, never dead-lettered, and later events of its aggregate wait for it', async () => {
    const topic = await freshTopic();
    const events = ['first', 'second'].map((name) => registered('cus_store_down', name));
    const processed: string[] = [];
    let outage = 8;
    let resolveDone!: () => void;
    const done = new Promise<void>((resolve) => (resolveDone = resolve));
    const consumer = await consume(topic, {
      maxAttempts: 3,
      retryDelayMs: 10,
      maxUnavailableDelayMs: 50,
      handle: async (envelope) => {
        const { customerId } = envelope.data as { customerId: string };
        // What node-postgres throws while PostgreSQL restarts, and TypeORM's wrapping of it.
        if (customerId === 'first' && outage-- > 0) {
          throw outage % 2 === 0
            ? Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' })
            : Object.assign(new Error('Query failed'), { name: 'QueryFailedError', driverError: new Error('Connection terminated unexpectedly') });
        }
        processed.push(customerId);
        if (processed.length === 2) resolveDone();
      },
    });
    const deadLetters = await readAll(dlqTopic(topic));
    try {
      await publishEvents(producer, topic, events);
      await withTimeout(done, 20_000);
      assert.deepEqual(processed, ['first', 'second']);
      await new Promise((resolve) => setTimeout(resolve, 500));
      assert.deepEqual(deadLetters.messages, []);
    } finally {
      await consumer.stop();
      await deadLetters.stop();
    }
  });

  test('a routed consumer gets only its event types; other types are skipped by header, unparsed, and never dead-lettered', async () => {
    const topic = await freshTopic();
    const [first, headerless, last] = [registered('cus_routed', 'first'), registered('cus_routed', 'headerless'), registered('cus_routed', 'last')];
    const received: string[] = [];
    const updates: string[] = [];
    const routes = routeEvents(
      on(CustomerRegistered, async (event) => void received.push(event.data.customerId)),
      on(CustomerUpdated, async (event) => void updates.push(event.data.customerId)),
    );
    assert.deepEqual(routes.eventTypes, ['CustomerRegistered', 'CustomerUpdated']);
    const consumer = await consume(topic, routes);
    try {
      await producer.send({
        topic,
        acks: -1,
        messages: [
          toMessage(first),
          // Not an envelope at all: parsing it would send it to the dead-letter topic.
          { key: 'cus_routed', value: 'not json', headers: { eventType: 'SomethingElse' } },
          // No header (an older producer): parsed and routed by its envelope.
          { key: 'cus_routed', value: JSON.stringify(headerless) },
          toMessage(last),
        ],
      });
      await withTimeout(until(() => received.length === 3), 20_000);
      assert.deepEqual(received, ['first', 'headerless', 'last']);
      assert.deepEqual(updates, []);
      const dlqOffsets = await admin.fetchTopicOffsets(dlqTopic(topic));
      assert.equal(dlqOffsets.reduce((sum, partition) => sum + Number(partition.high), 0), 0, 'nothing dead-lettered');
    } finally {
      await consumer.stop();
    }
  });

  test("within a partition, a slow aggregate holds up its own later events but not other aggregates', nor is its offset committed early", async () => {
    const topic = await freshTopic();
    const groupId = unique('g-');
    const sequence = [
      registered('cus_slow', 'slow-1'),
      registered('cus_fast', 'fast-1'),
      registered('cus_fast', 'fast-2'),
      registered('cus_slow', 'slow-2'),
      registered('cus_fast', 'fast-3'),
    ];
    const handled: string[] = [];
    let openGate!: () => void;
    const gate = new Promise<void>((resolve) => (openGate = resolve));
    const consumer = await consume(topic, {
      groupId,
      handle: async (envelope) => {
        const { customerId } = envelope.data as { customerId: string };
        if (customerId === 'slow-1') await gate;
        handled.push(customerId);
      },
    });
    const committed = async () => (await admin.fetchOffsets({ groupId, topics: [topic] }))[0]!.partitions.find((p) => p.partition === 0)!.offset;
    try {
      // One partition, so one batch: only the keys tell the aggregates apart.
      await producer.send({ topic, acks: -1, messages: sequence.map((event) => ({ ...toMessage(event), partition: 0 })) });
      await withTimeout(until(() => handled.length === 3), 20_000);
      assert.deepEqual(handled, ['fast-1', 'fast-2', 'fast-3'], 'the other aggregate goes on while slow-1 is in its handler');
      await new Promise((resolve) => setTimeout(resolve, 1_500)); // past the commit interval
      assert.equal(await committed(), '-1', 'nothing is committed past a message still being handled');
      openGate();
      await withTimeout(until(() => handled.length === 5), 20_000);
      assert.deepEqual(handled.slice(3), ['slow-1', 'slow-2'], 'one aggregate\'s events stay in order');
      await withTimeout(
        (async () => {
          while ((await committed()) !== '5') await new Promise((resolve) => setTimeout(resolve, 200));
        })(),
        20_000,
      );
    } finally {
      openGate(); // a consumer stops only after its handlers return
      await consumer.stop();
    }
  });
});

/** A CustomerRegistered of `aggregateId` whose customerId is `name`, to tell events apart. */
function registered(aggregateId: string, name: string) {
  return newEvent(CustomerRegistered, {
    aggregateId,
    data: { customerId: name, email: `${name}@example.com`, firstName: name, lastName: 'x', registeredAt: new Date().toISOString() },
  });
}

async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms))),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 50));
}
