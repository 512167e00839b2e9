import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Kafka, Producer } from 'kafkajs';
import type { DataSource } from 'typeorm';
import { CustomerRegistered, TOPICS, createEventProducer, matchEvent, type EventEnvelope } from '@commerce/events';
import { processOnce, startOutboxRelay } from '@commerce/outbox';
import { createKafka, createPostgresDataSource } from '@commerce/service-kit';
import { collectEvents, infra, testLogger, unique, type EventCollector } from '@commerce/testkit';
import { createCustomerStore, entities, migrations } from '../src/store/customer-store.ts';

describe('customer events through the transactional outbox', () => {
  const logger = testLogger('customers-outbox');
  let dataSource: DataSource;
  let kafka: Kafka;
  let producer: Producer;
  let collector: EventCollector;

  before(async () => {
    dataSource = await createPostgresDataSource({
      url: infra.postgresUrl('customers'),
      applicationName: 'customers',
      entities,
      migrations,
      logger,
    });
    await dataSource.query('create table if not exists test_welcome_emails (customer_id text not null)');
    kafka = createKafka({ clientId: 'customers-outbox-test', brokers: infra.kafkaBrokers, logger });
    producer = createEventProducer(kafka);
    await producer.connect();
    collector = await collectEvents(kafka, [TOPICS.customers]);
  });

  after(async () => {
    await collector.stop();
    await producer.disconnect();
    await dataSource.destroy();
  });

  test('an event committed while the relay is down is published exactly once when it comes back, and the inbox absorbs redelivery', async () => {
    const store = createCustomerStore(dataSource);
    const customer = await store.register({
      email: `${unique()}@example.com`,
      firstName: 'Out',
      lastName: 'Box',
      phone: null,
      passwordHash: 'scrypt$irrelevant',
      roles: ['CUSTOMER'],
    });
    const mine = () => collector.of(customer.id);
    const [row] = await dataSource.query("select published_at from outbox where message_key = $1 and envelope->>'eventType' = 'CustomerRegistered'", [
      customer.id,
    ]);
    assert.equal(row.published_at, null, 'committed with the customer, not yet published');
    await sleep(1500);
    assert.equal(mine().length, 0, 'nothing reaches Kafka while no relay runs');

    const relay = await startOutboxRelay({ dataSource, producer, logger, databaseUrl: infra.postgresUrl('customers'), pollIntervalMs: 200 });
    try {
      await collector.until(() => mine().length > 0);
      await sleep(1500); // room for a duplicate to show up, if there were one
    } finally {
      await relay.stop();
    }
    assert.equal(mine().length, 1, 'exactly one CustomerRegistered');
    const event = matchEvent(CustomerRegistered, mine()[0]!);
    assert.equal(event?.data.customerId, customer.id);
    assert.equal(event?.data.email, customer.email);
    const [published] = await dataSource.query('select published_at from outbox where message_key = $1', [customer.id]);
    assert.notEqual(published.published_at, null);

    // A consumer applying the event through the inbox: redelivery has no second effect.
    const sendWelcome = (envelope: EventEnvelope) =>
      processOnce(dataSource, 'welcome-email', envelope, async (manager) => {
        await manager.query('insert into test_welcome_emails (customer_id) values ($1)', [customer.id]);
      });
    assert.equal(await sendWelcome(mine()[0]!), true);
    assert.equal(await sendWelcome(mine()[0]!), false);
    const [{ count }] = await dataSource.query('select count(*)::int as count from test_welcome_emails where customer_id = $1', [customer.id]);
    assert.equal(count, 1);
  });

  test('a failed registration (duplicate email) leaves no event behind', async () => {
    const store = createCustomerStore(dataSource);
    const email = `${unique()}@example.com`;
    const input = { email, firstName: 'A', lastName: 'B', phone: null, passwordHash: 'x', roles: ['CUSTOMER' as const] };
    await store.register(input);
    await assert.rejects(store.register(input));
    const [{ count }] = await dataSource.query(
      "select count(*)::int as count from outbox where envelope->'data'->>'email' = $1",
      [email],
    );
    assert.equal(count, 1);
  });
});
