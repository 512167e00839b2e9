import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Consumer, Kafka } from 'kafkajs';
import type { DataSource } from 'typeorm';
import {
  StockLevelChanged,
  StockReleased,
  StockReservationFailed,
  StockReserved,
  TOPICS,
  createEventProducer,
  matchEvent,
  parseEnvelope,
  publishEvents,
  type EventEnvelope,
  startConsumerTable,
  type EventProducer,
} from '@commerce/events';
import { startOutboxRelay, type OutboxRelay } from '@commerce/outbox';
import { createKafka, newId } from '@commerce/service-kit';
import { infra, liveGroup, testLogger } from '@commerce/testkit';
import type { Deps } from '../src/context.ts';
import { consumerTable } from '../src/events/consumers.ts';
import {
  connect,
  databaseUrl,
  depsFor,
  itemOf,
  newOrderId,
  newVariantId,
  orderCancelled,
  orderPlaced,
  productCreated,
  waitFor,
  warehousesFor,
} from './support.ts';

interface Observed {
  key: string;
  envelope: EventEnvelope;
}

// The service's own wiring (consumers, handlers, outbox relay) against the real broker. The
// consumer groups are unique to this run so parallel runs never split partitions between
// them; the topics are the real ones, so everything observed is filtered by this run's ids.
describe('inventory over the real Kafka broker', () => {
  const logger = testLogger('inventory-kafka');
  let dataSource: DataSource;
  let deps: Deps;
  let kafka: Kafka;
  let producer: EventProducer;
  let relay: OutboxRelay;
  let consumers: { stop: () => Promise<void> };
  let observer: Consumer;
  const observed: Observed[] = [];
  const warehouses = warehousesFor(() => deps);

  async function inventoryEvent(orderId: string, eventType: string): Promise<Observed> {
    const find = () =>
      observed.find(({ envelope }) => envelope.eventType === eventType && (envelope.data as { orderId?: string }).orderId === orderId);
    await waitFor(() => find() !== undefined, 30_000, `${eventType} for ${orderId} on inventory.events`);
    return find()!;
  }

  async function stocked(onHand: number): Promise<{ variantId: string; warehouseId: string }> {
    const variantId = newVariantId();
    const warehouseId = await warehouses.create();
    await deps.stock.set({ variantId, warehouseId, onHand, reason: 'initial count' });
    return { variantId, warehouseId };
  }

  before(async () => {
    dataSource = await connect(logger);
    deps = depsFor(dataSource, logger);
    kafka = createKafka({ clientId: 'inventory-test', brokers: infra.kafkaBrokers, logger });
    producer = createEventProducer(kafka);
    await producer.connect();
    relay = await startOutboxRelay({ producer, logger, databaseUrl, pollIntervalMs: 200 });
    consumers = await startConsumerTable({
      kafka,
      logger,
      table: consumerTable(deps),
      // Live groups: only what this run produces, not the topics' history (benches leave tens of thousands of orders).
      groups: {
        ORDERS_CONSUMER_GROUP: await liveGroup(kafka, [TOPICS.orders], 'inventory.orders.test-'),
        CATALOG_CONSUMER_GROUP: await liveGroup(kafka, [TOPICS.catalog], 'inventory.catalog.test-'),
      },
    });
    observer = kafka.consumer({ groupId: await liveGroup(kafka, [TOPICS.inventory], 'inventory-observer-') });
    await observer.connect();
    await observer.subscribe({ topic: TOPICS.inventory });
    await observer.run({
      eachMessage: async ({ message }) => {
        observed.push({ key: message.key?.toString() ?? '', envelope: parseEnvelope(message.value) });
      },
    });
  });

  after(async () => {
    await consumers?.stop();
    await observer?.disconnect();
    await relay?.stop();
    await producer?.disconnect();
    await warehouses.retireAll();
    await dataSource?.destroy();
  });

  test('an OrderPlaced on orders.events comes back as StockReserved on inventory.events, keyed by the order and caused by it', async () => {
    const { variantId, warehouseId } = await stocked(3);
    const orderId = newOrderId();
    const placed = orderPlaced(orderId, [{ variantId, quantity: 2 }]);
    await publishEvents(producer, TOPICS.orders, [placed]);

    const { key, envelope } = await inventoryEvent(orderId, 'StockReserved');
    assert.equal(key, orderId);
    const reserved = matchEvent(StockReserved, envelope)!;
    assert.deepEqual(reserved.data.lines, [{ variantId, quantity: 2, allocations: [{ warehouseId, quantity: 2 }] }]);
    assert.match(reserved.data.reservationId, /^rsv_/);
    assert.equal(reserved.causationId, placed.eventId);
    assert.equal(reserved.correlationId, placed.correlationId);
    assert.deepEqual(await itemOf(dataSource, variantId, warehouseId), { onHand: 3, reserved: 2, lowStockThreshold: 0 });

    await publishEvents(producer, TOPICS.orders, [orderCancelled(orderId)]);
    const released = matchEvent(StockReleased, (await inventoryEvent(orderId, 'StockReleased')).envelope)!;
    assert.deepEqual(released.data, { orderId, reservationId: reserved.data.reservationId, reason: 'CANCELLED' });
    assert.deepEqual(await itemOf(dataSource, variantId, warehouseId), { onHand: 3, reserved: 0, lowStockThreshold: 0 });
  });

  // Through the relay, not through orders.events: every inventory consumer on the shared broker
  // (other checkouts' stacks, which may run older code) races for an order's events, so which
  // one reserves is not this run's to say. reservations.test.ts checks the reservation's levels.
  test("an admin's count reaches inventory.events as StockLevelChanged keyed by the variant, with the available units and the item's version", async () => {
    const { variantId, warehouseId } = await stocked(3);
    await deps.stock.adjust({ variantId, warehouseId, delta: -1, reason: 'damaged' });
    const levels = () =>
      observed.flatMap(({ key, envelope }) => {
        const level = matchEvent(StockLevelChanged, envelope);
        return level?.data.variantId === variantId ? [{ key, ...level.data }] : [];
      });
    await waitFor(() => levels().length === 2, 30_000, `two StockLevelChanged for ${variantId} on inventory.events`);
    assert.deepEqual(
      levels().map((level) => [level.key, level.warehouseId, level.kind, level.onHand, level.available, level.warehouseActive, level.version]),
      [
        [variantId, warehouseId, 'SET', 3, 3, true, 1],
        [variantId, warehouseId, 'ADJUSTMENT', 2, 2, true, 2],
      ],
    );
  });

  test('an order the stock cannot cover comes back as StockReservationFailed with the shortfall', async () => {
    const { variantId, warehouseId } = await stocked(1);
    const orderId = newOrderId();
    await publishEvents(producer, TOPICS.orders, [orderPlaced(orderId, [{ variantId, quantity: 5 }])]);

    const { key, envelope } = await inventoryEvent(orderId, 'StockReservationFailed');
    assert.equal(key, orderId);
    assert.deepEqual(matchEvent(StockReservationFailed, envelope)!.data, {
      orderId,
      reason: 'OUT_OF_STOCK',
      lines: [{ variantId, requested: 5, available: 1 }],
    });
    assert.deepEqual(await itemOf(dataSource, variantId, warehouseId), { onHand: 1, reserved: 0, lowStockThreshold: 0 });
  });

  test('a product announced on catalog.events gets zero stock in every active warehouse', async () => {
    const warehouseId = await warehouses.create();
    const variantId = newVariantId();
    await publishEvents(producer, TOPICS.catalog, [productCreated(newId('prd'), [variantId])]);
    await waitFor(async () => (await itemOf(dataSource, variantId, warehouseId)) !== undefined, 30_000, 'the zero stock item');
    assert.deepEqual(await itemOf(dataSource, variantId, warehouseId), { onHand: 0, reserved: 0, lowStockThreshold: 0 });
  });
});
