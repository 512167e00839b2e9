import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, test } from 'node:test';
import type { Kafka } from 'kafkajs';
import type { DataSource } from 'typeorm';
import {
  OrderCancelled,
  OrderConfirmed,
  OrderDelivered,
  PaymentRequested,
  ProductDeleted,
  ShipmentRequested,
  TOPICS,
  createEventProducer,
  matchEvent,
  newEvent,
  publishEvents,
  type EventEnvelope,
  type EventProducer,
} from '@commerce/events';
import { startOutboxRelay, type OutboxRelay } from '@commerce/outbox';
import { createKafka } from '@commerce/service-kit';
import { collectEvents, infra, testLogger, unique, type EventCollector } from '@commerce/testkit';
import type { Deps } from '../src/context.ts';
import { startExpirySweeper } from '../src/jobs/cancel-orders-when-payment-times-out.ts';
import { createCatalogEventHandler, startOrdersConsumers } from '../src/events/consumers.ts';
import { INBOX } from '../src/events/inbox.ts';
import {
  connect,
  databaseUrl,
  depsFor,
  liveConsumerGroups,
  newCustomerId,
  newPaymentMethodId,
  orderState,
  outboxTypes,
  paymentAuthorized,
  paymentFailed,
  priceChanged,
  productCreated,
  shipmentDelivered,
  shipmentStatusChanged,
  statusChangeVersions,
  stockReservationFailed,
  stockReserved,
  testVariant,
  waitFor,
} from './support.ts';

const ADDRESS = { recipient: 'Grace Hopper', line1: '1 Navy Way', line2: null, city: 'Arlington', region: 'VA', postalCode: '22201', country: 'US', phone: null };

const HAPPY_EVENTS = [
  'OrderPlaced',
  'OrderStatusChanged',
  'PaymentRequested',
  'OrderStatusChanged',
  'OrderConfirmed',
  'ShipmentRequested',
  'OrderStatusChanged',
  'OrderShipped',
  'OrderStatusChanged',
  'OrderDelivered',
  'OrderStatusChanged',
];

// The service's own wiring (consumers, handlers, outbox relay, sweeper) against the real
// broker. The other services are played by the test: it publishes their events itself. The
// consumer groups start at the end of the topics, so only this run's events reach them; the
// topics are shared, so everything observed is filtered by this run's order ids.
describe('the order saga over the real Kafka broker', () => {
  const logger = testLogger('orders-saga');
  let dataSource: DataSource;
  let deps: Deps;
  let kafka: Kafka;
  let producer: EventProducer;
  let relay: OutboxRelay;
  let consumers: { stop: () => Promise<void> };
  let collector: EventCollector;

  /** A customer with a PENDING order of one line (2 units of 300 g at 12.50 to the US by EXPRESS: 25.00 + UPS's 45.95). */
  async function placedOrder() {
    const variant = testVariant(1250, 300);
    const product = productCreated([variant]);
    await createCatalogEventHandler(deps)(product);
    const customerId = newCustomerId();
    await deps.carts.add(customerId, { variantId: variant.variantId, quantity: 2 });
    const { order } = await deps.orders.place(customerId, {
      address: ADDRESS,
      shippingService: 'EXPRESS',
      paymentMethodId: newPaymentMethodId(),
      idempotencyKey: unique('saga-'),
    });
    return { order, variant, customerId, productId: product.aggregateId };
  }

  const statusOf = async (orderId: string) => (await orderState(dataSource, orderId)).status;
  const reaches = (orderId: string, status: string) => waitFor(async () => (await statusOf(orderId)) === status, 30_000, `${orderId} ${status}`);

  /** Waits until the saga consumer has applied (or skipped as known) every one of these events. */
  async function applied(events: EventEnvelope[]): Promise<void> {
    const ids = events.map((event) => event.eventId);
    await waitFor(
      async () => {
        const [row] = await dataSource.query('select count(*)::int as count from inbox where consumer = $1 and event_id = any($2::text[])', [
          INBOX.saga,
          ids,
        ]);
        return row.count === new Set(ids).size;
      },
      30_000,
      'the saga consumer to apply the events',
    );
  }

  /** The types of an order's events on orders.events, once `last` has been seen. */
  async function published(orderId: string, last: string): Promise<string[]> {
    await collector.until(() => collector.of(orderId).some((event) => event.eventType === last), 30_000);
    return collector.of(orderId).map((event) => event.eventType);
  }

  before(async () => {
    dataSource = await connect(logger);
    deps = depsFor(dataSource, logger);
    kafka = createKafka({ clientId: 'orders-test', brokers: infra.kafkaBrokers, logger });
    producer = createEventProducer(kafka);
    await producer.connect();
    relay = await startOutboxRelay({ producer, logger, databaseUrl, pollIntervalMs: 200 });
    consumers = await startOrdersConsumers({
      kafka,
      deps,
      logger,
      groups: await liveConsumerGroups(kafka),
    });
    collector = await collectEvents(kafka, [TOPICS.orders]);
  });

  after(async () => {
    await consumers?.stop();
    await collector?.stop();
    await relay?.stop();
    await producer?.disconnect();
    await dataSource?.destroy();
  });

  test('an order walks PENDING → AWAITING_PAYMENT → CONFIRMED → SHIPPED → DELIVERED on the other services’ events', async () => {
    const { order, variant, customerId, productId } = await placedOrder();

    const reserved = stockReserved(order.id, [{ variantId: variant.variantId, quantity: 2 }]);
    await publishEvents(producer, TOPICS.inventory, [reserved]);
    await reaches(order.id, 'AWAITING_PAYMENT');
    await publishEvents(producer, TOPICS.payments, [paymentAuthorized(order.id, customerId, order.total)]);
    await reaches(order.id, 'CONFIRMED');
    // A label is not a move: the order ships on IN_TRANSIT, which OrderShipped names as its cause.
    const inTransit = shipmentStatusChanged(order.id, customerId, 'IN_TRANSIT');
    await publishEvents(producer, TOPICS.shipments, [shipmentStatusChanged(order.id, customerId, 'LABEL_CREATED'), inTransit]);
    await reaches(order.id, 'SHIPPED');
    await publishEvents(producer, TOPICS.shipments, [shipmentDelivered(order.id, customerId)]);
    await reaches(order.id, 'DELIVERED');

    assert.deepEqual((await orderState(dataSource, order.id)).history, [
      { from: null, to: 'PENDING', reason: 'PLACED' },
      { from: 'PENDING', to: 'AWAITING_PAYMENT', reason: 'STOCK_RESERVED' },
      { from: 'AWAITING_PAYMENT', to: 'CONFIRMED', reason: 'PAYMENT_AUTHORIZED' },
      { from: 'CONFIRMED', to: 'SHIPPED', reason: 'SHIPMENT_IN_TRANSIT' },
      { from: 'SHIPPED', to: 'DELIVERED', reason: 'SHIPMENT_DELIVERED' },
    ]);
    assert.deepEqual(await published(order.id, 'OrderDelivered'), HAPPY_EVENTS);
    const events = collector.of(order.id);
    assert.ok(events.every((event) => event.correlationId === order.correlationId), 'one saga, one correlation id');

    const requested = matchEvent(PaymentRequested, events.find((e) => e.eventType === 'PaymentRequested')!)!;
    assert.equal(requested.causationId, reserved.eventId);
    assert.deepEqual(requested.data, {
      orderId: order.id,
      customerId,
      paymentMethodId: order.paymentMethodId,
      amount: { amount: 7095, currency: 'EUR' },
      requestedAt: requested.data.requestedAt,
    });
    assert.deepEqual(matchEvent(OrderConfirmed, events.find((e) => e.eventType === 'OrderConfirmed')!)!.data.total, {
      amount: 7095,
      currency: 'EUR',
    });
    const shipment = matchEvent(ShipmentRequested, events.find((e) => e.eventType === 'ShipmentRequested')!)!.data;
    assert.deepEqual({ ...shipment, requestedAt: undefined }, {
      orderId: order.id,
      customerId,
      service: 'EXPRESS',
      address: ADDRESS,
      lines: [{ variantId: variant.variantId, sku: variant.sku, quantity: 2, weightGrams: 300 }],
      requestedAt: undefined,
    });
    assert.equal(events.find((e) => e.eventType === 'OrderShipped')!.causationId, inTransit.eventId);
    assert.deepEqual(matchEvent(OrderDelivered, events.find((e) => e.eventType === 'OrderDelivered')!)!.data.lines, [
      { productId, variantId: variant.variantId },
    ]);
  });

  test('an order the stock cannot cover is cancelled (OUT_OF_STOCK) with OrderCancelled', async () => {
    const { order, variant } = await placedOrder();
    await publishEvents(producer, TOPICS.inventory, [stockReservationFailed(order.id, variant.variantId)]);
    await reaches(order.id, 'CANCELLED');
    assert.deepEqual((await orderState(dataSource, order.id)).history.at(-1), { from: 'PENDING', to: 'CANCELLED', reason: 'OUT_OF_STOCK' });
    assert.deepEqual(await published(order.id, 'OrderCancelled'), ['OrderPlaced', 'OrderStatusChanged', 'OrderCancelled', 'OrderStatusChanged']);
    const cancelled = matchEvent(OrderCancelled, collector.of(order.id).find((e) => e.eventType === 'OrderCancelled')!)!;
    assert.equal(cancelled.data.reason, 'OUT_OF_STOCK');
  });

  test('a declined payment cancels the order (PAYMENT_DECLINED: <code>) with OrderCancelled, and a late authorization changes nothing', async () => {
    const { order, customerId } = await placedOrder();
    await publishEvents(producer, TOPICS.inventory, [stockReserved(order.id)]);
    await publishEvents(producer, TOPICS.payments, [paymentFailed(order.id, customerId, order.total)]);
    await reaches(order.id, 'CANCELLED');
    assert.deepEqual((await orderState(dataSource, order.id)).history.slice(1), [
      { from: 'PENDING', to: 'AWAITING_PAYMENT', reason: 'STOCK_RESERVED' },
      { from: 'AWAITING_PAYMENT', to: 'CANCELLED', reason: 'PAYMENT_DECLINED: CARD_DECLINED' },
    ]);
    const expected = ['OrderPlaced', 'OrderStatusChanged', 'PaymentRequested', 'OrderStatusChanged', 'OrderCancelled', 'OrderStatusChanged'];
    assert.deepEqual(await published(order.id, 'OrderCancelled'), expected);
    assert.equal(matchEvent(OrderCancelled, collector.of(order.id).find((e) => e.eventType === 'OrderCancelled')!)!.data.reason, 'PAYMENT_DECLINED: CARD_DECLINED');

    const late = paymentAuthorized(order.id, customerId, order.total);
    await publishEvents(producer, TOPICS.payments, [late]);
    await applied([late]);
    assert.equal(await statusOf(order.id), 'CANCELLED');
    assert.deepEqual(await outboxTypes(dataSource, order.id), expected);
  });

  test('every event delivered twice and out of order ends DELIVERED with exactly one of each emitted event', async () => {
    const { order, customerId } = await placedOrder();
    const delivered = shipmentDelivered(order.id, customerId);
    const inTransit = shipmentStatusChanged(order.id, customerId, 'IN_TRANSIT');
    const authorized = paymentAuthorized(order.id, customerId, order.total);
    const reserved = stockReserved(order.id);
    // Backwards, then every message again (a redelivery), then the same facts under new
    // event ids (a producer that re-emitted them): the last of each topic proves the rest
    // of that partition was consumed, as one order's events share a partition.
    const copies = {
      shipments: [delivered, inTransit, delivered, inTransit, shipmentDelivered(order.id, customerId)],
      payments: [authorized, authorized, paymentAuthorized(order.id, customerId, order.total)],
      inventory: [reserved, reserved, stockReserved(order.id)],
    };
    await publishEvents(producer, TOPICS.shipments, copies.shipments);
    await publishEvents(producer, TOPICS.payments, copies.payments);
    await publishEvents(producer, TOPICS.inventory, copies.inventory);

    await reaches(order.id, 'DELIVERED');
    await applied([...copies.shipments, ...copies.payments, ...copies.inventory]);
    assert.deepEqual((await orderState(dataSource, order.id)).history.map(({ from, to }) => `${from} → ${to}`), [
      'null → PENDING',
      'PENDING → AWAITING_PAYMENT',
      'AWAITING_PAYMENT → CONFIRMED',
      'CONFIRMED → SHIPPED',
      'SHIPPED → DELIVERED',
    ]);
    assert.equal((await orderState(dataSource, order.id)).version, 5);
    assert.deepEqual(await statusChangeVersions(dataSource, order.id), [1, 2, 3, 4, 5]);
    assert.deepEqual(await outboxTypes(dataSource, order.id), HAPPY_EVENTS);
    await published(order.id, 'OrderDelivered');
    // Anything a duplicate had wrongly emitted would have been published by now.
    await relay.flush();
    await sleep(1000);
    assert.deepEqual(collector.of(order.id).map((event) => event.eventType), HAPPY_EVENTS);
  });

  test('an unpaid order expires: the sweeper cancels it (EXPIRED) once, and a late payment changes nothing', async () => {
    const [stale, alsoStale, fresh] = [await placedOrder(), await placedOrder(), await placedOrder()];
    await publishEvents(producer, TOPICS.inventory, [stockReserved(stale.order.id)]);
    await reaches(stale.order.id, 'AWAITING_PAYMENT');
    await dataSource.query(`update orders set placed_at = now() - interval '11 minutes' where id = any($1::text[])`, [
      [stale.order.id, alsoStale.order.id],
    ]);

    // Two replicas sweeping at once: each order is cancelled by exactly one of them.
    const sweepers = [1, 2].map(() => startExpirySweeper({ orders: deps.orders, logger, timeoutSeconds: 600, intervalMs: 3_600_000 }));
    const swept = (await Promise.all(sweepers.map((sweeper) => sweeper.sweep()))).flat();
    await Promise.all(sweepers.map((sweeper) => sweeper.stop()));
    assert.deepEqual(swept.filter((id) => id === stale.order.id || id === alsoStale.order.id).sort(), [alsoStale.order.id, stale.order.id].sort());
    assert.equal(await statusOf(fresh.order.id), 'PENDING', 'an order within its deadline stays');

    for (const { order } of [stale, alsoStale]) {
      const history = (await orderState(dataSource, order.id)).history;
      assert.deepEqual(history.filter((step) => step.to === 'CANCELLED'), [{ from: history.at(-2)!.to, to: 'CANCELLED', reason: 'EXPIRED' }]);
    }
    await published(stale.order.id, 'OrderCancelled');
    const cancelled = matchEvent(OrderCancelled, collector.of(stale.order.id).find((e) => e.eventType === 'OrderCancelled')!)!;
    assert.equal(cancelled.data.reason, 'EXPIRED');
    assert.equal(cancelled.correlationId, stale.order.correlationId, 'the expiry still belongs to the saga');

    const events = await outboxTypes(dataSource, stale.order.id);
    const late = paymentAuthorized(stale.order.id, stale.customerId, stale.order.total);
    await publishEvents(producer, TOPICS.payments, [late]);
    await applied([late]);
    assert.equal(await statusOf(stale.order.id), 'CANCELLED');
    assert.deepEqual(await outboxTypes(dataSource, stale.order.id), events);
  });

  test('catalog events on the real topic keep cart prices current: PriceChanged reprices, ProductDeleted makes the line unavailable', async () => {
    const variant = testVariant(1000);
    const created = productCreated([variant]);
    await publishEvents(producer, TOPICS.catalog, [created]);
    await waitFor(async () => (await deps.variants.findByIds([variant.variantId]))[0] !== undefined, 30_000, 'the variant in the read model');

    const customerId = newCustomerId();
    await deps.carts.add(customerId, { variantId: variant.variantId, quantity: 3 });
    const price = async () => (await deps.carts.forCustomers([customerId]))[0]!.lines[0]!.variant.price.amount;
    assert.equal(await price(), 1000);
    await publishEvents(producer, TOPICS.catalog, [priceChanged(created.aggregateId, variant, 1299)]);
    await waitFor(async () => (await price()) === 1299, 30_000, 'the new price in the cart');

    await publishEvents(producer, TOPICS.catalog, [
      newEvent(ProductDeleted, {
        aggregateId: created.aggregateId,
        data: { productId: created.aggregateId, variantIds: [variant.variantId], deletedAt: new Date().toISOString() },
      }),
    ]);
    await waitFor(async () => (await deps.variants.findByIds([variant.variantId]))[0]?.active === false, 30_000, 'the variant retired');
    const [cart] = await deps.carts.forCustomers([customerId]);
    assert.equal(cart!.lines[0]!.variant.price.amount, 1299, 'the line keeps its last known price');
  });
});
