import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Kafka } from 'kafkajs';
import type { DataSource } from 'typeorm';
import { CustomerAddressSaved, CustomerRegistered, TOPICS, createEventProducer, matchEvent, type EventEnvelope, type EventProducer } from '@commerce/events';
import { processOnce, startOutboxRelay } from '@commerce/outbox';
import { createKafka, createPostgresDataSource, newId } from '@commerce/service-kit';
import { collectEvents, infra, testLogger, unique, type EventCollector } from '@commerce/testkit';
import { createCustomerStore, entities, migrations } from '../src/store/customer-store.ts';
import { AnnounceSavedAddresses1795600000001 } from '../src/store/migrations/1795600000001-announce-saved-addresses.ts';

describe('customer events through the transactional outbox', () => {
  const logger = testLogger('customers-outbox');
  let dataSource: DataSource;
  let kafka: Kafka;
  let producer: EventProducer;
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

    const relay = await startOutboxRelay({ producer, logger, databaseUrl: infra.postgresUrl('customers'), pollIntervalMs: 200 });
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

  test('the migration that introduced address events announces every address saved before them, in its own transaction', async () => {
    const store = createCustomerStore(dataSource);
    const customer = await store.register({
      email: `${unique()}@example.com`,
      firstName: 'Old',
      lastName: 'Address',
      phone: null,
      passwordHash: 'x',
      roles: ['CUSTOMER'],
    });
    // Written the way addresses were before address events existed: no outbox row.
    const addressId = newId('adr');
    await dataSource.query(
      `insert into addresses (id, customer_id, label, recipient, line1, city, postal_code, country, is_default_shipping, is_default_billing, revision)
       values ($1, $2, 'Home', 'Old Timer', '9 Elm Row', 'Edinburgh', 'EH7 4AA', 'GB', true, true, 4)`,
      [addressId, customer.id],
    );
    const announced = (db: { query: DataSource['query'] }) =>
      db.query(`select envelope from outbox where message_key = $1 and envelope->>'eventType' = 'CustomerAddressSaved'`, [customer.id]);
    assert.deepEqual(await announced(dataSource), []);

    // Run it again inside a transaction that is rolled back: the shared database keeps its history.
    const runner = dataSource.createQueryRunner();
    await runner.connect();
    await runner.startTransaction();
    try {
      await new AnnounceSavedAddresses1795600000001().up(runner);
      const rows: { envelope: EventEnvelope }[] = await announced(runner.manager);
      assert.equal(rows.length, 1);
      const event = matchEvent(CustomerAddressSaved, rows[0]!.envelope)!;
      assert.equal(event.aggregateId, customer.id);
      assert.deepEqual({ ...event.data, savedAt: undefined }, {
        customerId: customer.id,
        addressId,
        address: { recipient: 'Old Timer', line1: '9 Elm Row', line2: null, city: 'Edinburgh', region: null, postalCode: 'EH7 4AA', country: 'GB', phone: null },
        revision: 4,
        savedAt: undefined,
      });
    } finally {
      await runner.rollbackTransaction();
      await runner.release();
    }
  });
});
