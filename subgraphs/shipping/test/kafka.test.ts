import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Kafka } from 'kafkajs';
import type { DataSource } from 'typeorm';
import { ShipmentCreated, ShipmentStatusChanged, TOPICS, createEventProducer, matchEvent, publishEvents, type EventEnvelope, type EventProducer } from '@commerce/events';
import { startOutboxRelay, type OutboxRelay } from '@commerce/outbox';
import { createKafka } from '@commerce/service-kit';
import { collectEvents, infra, liveGroup, testLogger, type EventCollector } from '@commerce/testkit';
import { startSandboxCarrierWorker } from '../src/sandbox/carrier-worker.ts';
import type { Deps } from '../src/context.ts';
import { startShippingConsumers } from '../src/events/consumers.ts';
import { INBOX } from '../src/events/inbox.ts';
import {
  connect,
  databaseUrl,
  depsFor,
  newCustomerId,
  newOrderId,
  orderCancelled,
  retireShipments,
  shipmentRequested,
  shipmentsOfOrder,
  summarize,
  waitFor,
} from './support.ts';

// The service's own wiring (consumer, handlers, outbox relay, sandbox carrier) against the
// real broker. The consumer group starts at the end of orders.events, so it handles only
// what this test publishes; everything observed on shipments.events is filtered by order.
describe('the shipping part of the saga over the real Kafka broker', () => {
  const logger = testLogger('shipping-kafka');
  let dataSource: DataSource;
  let deps: Deps;
  let kafka: Kafka;
  let producer: EventProducer;
  let relay: OutboxRelay;
  let consumers: { stop: () => Promise<void> };
  let collector: EventCollector;
  const orders: string[] = [];

  function order(): string {
    const orderId = newOrderId();
    orders.push(orderId);
    return orderId;
  }

  const published = (orderId: string) => collector.of(orderId).map(summarize);

  async function waitForEvents(orderId: string, expected: string[], ms = 30_000): Promise<EventEnvelope[]> {
    await collector.until(() => published(orderId).length >= expected.length, ms);
    assert.deepEqual(published(orderId), expected, `events of ${orderId} on shipments.events`);
    return collector.of(orderId);
  }

  /** Waits until the consumer has applied these events (their inbox rows commit with the effect). */
  async function processed(...events: EventEnvelope[]): Promise<void> {
    const ids = events.map((event) => event.eventId);
    await waitFor(
      async () => {
        const [row] = await dataSource.query('select count(*)::int as count from inbox where consumer = $1 and event_id = any($2::text[])', [
          INBOX.orders,
          ids,
        ]);
        return row.count === ids.length;
      },
      30_000,
      `the shipping consumer to apply ${ids.length} event(s)`,
    );
  }

  before(async () => {
    dataSource = await connect(logger);
    deps = depsFor(dataSource, logger);
    kafka = createKafka({ clientId: 'shipping-test', brokers: infra.kafkaBrokers, logger });
    producer = createEventProducer(kafka);
    await producer.connect();
    relay = await startOutboxRelay({ producer, logger, databaseUrl, pollIntervalMs: 200 });
    consumers = await startShippingConsumers({
      kafka,
      deps,
      logger,
      groups: { orders: await liveGroup(kafka, [TOPICS.orders], 'shipping.orders.test-') },
    });
    collector = await collectEvents(kafka, [TOPICS.shipments]);
  });

  after(async () => {
    await consumers?.stop();
    await collector?.stop();
    await retireShipments(dataSource, orders);
    await relay?.stop();
    await producer?.disconnect();
    await dataSource?.destroy();
  });

  test('a ShipmentRequested on orders.events comes back as ShipmentCreated and LABEL_CREATED on shipments.events, keyed by the order', async () => {
    const orderId = order();
    const customerId = newCustomerId();
    const requested = shipmentRequested(orderId, { customerId, service: 'EXPRESS', address: { country: 'DE', city: 'Berlin' } });
    await publishEvents(producer, TOPICS.orders, [requested]);

    const [created, labelled] = await waitForEvents(orderId, ['ShipmentCreated', 'ShipmentStatusChanged null → LABEL_CREATED']);
    const shipment = matchEvent(ShipmentCreated, created!)!;
    assert.equal(shipment.data.carrier, 'UPS', 'the cheapest EXPRESS carrier into the EU');
    assert.equal(shipment.data.customerId, customerId);
    assert.match(shipment.data.trackingNumber, /^1Z01/);
    assert.equal(matchEvent(ShipmentStatusChanged, labelled!)!.data.shipmentId, shipment.data.shipmentId);
    for (const event of [created!, labelled!]) {
      assert.equal(event.aggregateId, orderId);
      assert.equal(event.causationId, requested.eventId);
      assert.equal(event.correlationId, requested.correlationId);
    }
  });

  test('the sandbox carrier advances a new shipment to DELIVERED, publishing every status change and one ShipmentDelivered', async () => {
    const orderId = order();
    await publishEvents(producer, TOPICS.orders, [shipmentRequested(orderId, { address: { city: 'Zwolle' } })]);
    await waitForEvents(orderId, ['ShipmentCreated', 'ShipmentStatusChanged null → LABEL_CREATED']);

    const worker = startSandboxCarrierWorker({ shipments: deps.shipments, logger, intervalMs: 150, createdAfter: new Date(Date.now() - 60_000) });
    try {
      const events = await waitForEvents(orderId, [
        'ShipmentCreated',
        'ShipmentStatusChanged null → LABEL_CREATED',
        'ShipmentStatusChanged LABEL_CREATED → IN_TRANSIT',
        'ShipmentStatusChanged IN_TRANSIT → OUT_FOR_DELIVERY',
        'ShipmentStatusChanged OUT_FOR_DELIVERY → DELIVERED',
        'ShipmentDelivered',
      ]);
      assert.deepEqual(
        events.slice(2, 5).map((event) => matchEvent(ShipmentStatusChanged, event)!.data.location),
        ['Nieuwegein sorting centre', 'Zwolle delivery depot', 'Zwolle, NL'],
      );
      // A few more rounds change nothing about a delivered shipment.
      await new Promise((resolve) => setTimeout(resolve, 600));
      assert.equal(published(orderId).length, 6);
    } finally {
      await worker.stop();
    }
    assert.equal((await shipmentsOfOrder(dataSource, orderId))[0]?.status, 'DELIVERED');
  });

  test('a ShipmentRequested delivered twice, and another for the same order, make one shipment', async () => {
    const orderId = order();
    const first = shipmentRequested(orderId);
    const second = shipmentRequested(orderId);
    await publishEvents(producer, TOPICS.orders, [first, first, second]);
    await processed(first, second);
    await waitForEvents(orderId, ['ShipmentCreated', 'ShipmentStatusChanged null → LABEL_CREATED']);
    await relay.flush();
    await new Promise((resolve) => setTimeout(resolve, 500));
    assert.equal(published(orderId).length, 2, 'nothing more was published');
    assert.equal((await shipmentsOfOrder(dataSource, orderId)).length, 1);
  });

  test('an OrderCancelled while the label is not handed over yet cancels the shipment', async () => {
    const orderId = order();
    await publishEvents(producer, TOPICS.orders, [shipmentRequested(orderId)]);
    await waitForEvents(orderId, ['ShipmentCreated', 'ShipmentStatusChanged null → LABEL_CREATED']);
    const cancelled = orderCancelled(orderId);
    await publishEvents(producer, TOPICS.orders, [cancelled]);
    const events = await waitForEvents(orderId, [
      'ShipmentCreated',
      'ShipmentStatusChanged null → LABEL_CREATED',
      'ShipmentStatusChanged LABEL_CREATED → CANCELLED',
    ]);
    assert.equal(events[2]!.causationId, cancelled.eventId);
    assert.equal((await shipmentsOfOrder(dataSource, orderId))[0]?.status, 'CANCELLED');
  });

  test('an OrderCancelled that arrives before the ShipmentRequested means no shipment at all', async () => {
    const orderId = order();
    const cancelled = orderCancelled(orderId);
    const requested = shipmentRequested(orderId);
    await publishEvents(producer, TOPICS.orders, [cancelled, requested]);
    await processed(cancelled, requested);
    assert.deepEqual(await shipmentsOfOrder(dataSource, orderId), []);
    const [outbox] = await dataSource.query('select count(*)::int as count from outbox where message_key = $1', [orderId]);
    assert.equal(outbox.count, 0, 'nothing to publish');
    assert.deepEqual(published(orderId), []);
  });
});
