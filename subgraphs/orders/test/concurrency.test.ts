import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { DataSource } from 'typeorm';
import type { EventEnvelope } from '@commerce/events';
import { testLogger, unique } from '@commerce/testkit';
import type { Deps } from '../src/context.ts';
import { OrdersError } from '../src/domain/errors.ts';
import { createCatalogEventHandler, createSagaEventHandler } from '../src/events/consumers.ts';
import {
  connect,
  depsFor,
  discardOutbox,
  footprint,
  newCustomerId,
  newPaymentMethodId,
  orderState,
  outboxTypes,
  paymentAuthorized,
  productCreated,
  shipmentDelivered,
  shipmentStatusChanged,
  statusChangeVersions,
  stockReserved,
  testVariant,
} from './support.ts';

const ADDRESS = { recipient: 'Alan Turing', line1: '2 Bletchley Park', line2: null, city: 'Milton Keynes', region: null, postalCode: 'MK3 6EB', country: 'GB', phone: null };

// Row locks and unique keys under real concurrency: many requests or deliveries at once for
// one cart or one order, against the real database.
describe('orders under concurrent requests and deliveries', () => {
  const logger = testLogger('orders-concurrency');
  let dataSource: DataSource;
  let deps: Deps;
  const orderIds: string[] = [];

  async function announced(count: number, price = 1000) {
    const variants = Array.from({ length: count }, () => testVariant(price));
    await createCatalogEventHandler(deps)(productCreated(variants));
    return variants;
  }

  const place = (customerId: string, idempotencyKey = unique('k-')) =>
    deps.orders.place(customerId, { address: ADDRESS, shippingService: 'STANDARD', paymentMethodId: newPaymentMethodId(), idempotencyKey });

  before(async () => {
    dataSource = await connect(logger);
    deps = depsFor(dataSource, logger);
  });

  after(async () => {
    await discardOutbox(dataSource, orderIds);
    await dataSource.destroy();
  });

  test('five checkouts of one cart at once with different keys place one order; the others find the cart empty', async () => {
    const [variant] = await announced(1);
    const customerId = newCustomerId();
    await deps.carts.add(customerId, { variantId: variant!.variantId, quantity: 3 });
    const results = await Promise.allSettled(Array.from({ length: 5 }, () => place(customerId)));
    const placed = results.filter((r) => r.status === 'fulfilled');
    const refused = results.filter((r) => r.status === 'rejected');
    assert.equal(placed.length, 1);
    for (const result of refused) {
      assert.ok(result.reason instanceof OrdersError && result.reason.code === 'BAD_USER_INPUT', String(result.reason));
    }
    if (placed[0]?.status === 'fulfilled') orderIds.push(placed[0].value.order.id);
    assert.deepEqual(await footprint(dataSource, customerId), { orders: 1, lines: 1, history: 1, events: 2, cartLines: 0 });
  });

  test('sixty different items added at once stop at the 50-line limit', async () => {
    const variants = await announced(60);
    const customerId = newCustomerId();
    const results = await Promise.allSettled(variants.map((v) => deps.carts.add(customerId, { variantId: v.variantId, quantity: 1 })));
    assert.equal(results.filter((r) => r.status === 'fulfilled').length, 50);
    assert.equal((await footprint(dataSource, customerId)).cartLines, 50);
  });

  test('twenty-five adds of 5 units to one line at once stop at 100 units', async () => {
    const [variant] = await announced(1);
    const customerId = newCustomerId();
    const results = await Promise.allSettled(
      Array.from({ length: 25 }, () => deps.carts.add(customerId, { variantId: variant!.variantId, quantity: 5 })),
    );
    assert.equal(results.filter((r) => r.status === 'fulfilled').length, 20);
    const [cart] = await deps.carts.forCustomers([customerId]);
    assert.equal(cart!.lines[0]!.quantity, 100);
  });

  test('units added while the cart is checked out end in the order or stay in the cart, never both and never lost', async () => {
    const [variant] = await announced(1);
    for (let round = 0; round < 10; round += 1) {
      const customerId = newCustomerId();
      await deps.carts.add(customerId, { variantId: variant!.variantId, quantity: 2 });
      const [placed, added] = await Promise.all([place(customerId), deps.carts.add(customerId, { variantId: variant!.variantId, quantity: 1 })]);
      orderIds.push(placed.order.id);
      const [ordered] = await dataSource.query('select sum(quantity)::int as units from order_lines where order_id = $1', [placed.order.id]);
      const [cart] = await deps.carts.forCustomers([customerId]);
      const inCart = cart!.lines[0]?.quantity ?? 0;
      const outcome = `${ordered.units} ordered, ${inCart} left in the cart`;
      assert.ok(outcome === '2 ordered, 1 left in the cart' || outcome === '3 ordered, 0 left in the cart', outcome);
      assert.equal(added.lines[0]?.quantity, inCart === 1 ? 1 : 3, 'addToCart answered the cart it left');
    }
  });

  test('all saga events of an order delivered at once, each several times, advance it exactly once per step', async () => {
    const [variant] = await announced(1);
    const customerId = newCustomerId();
    await deps.carts.add(customerId, { variantId: variant!.variantId, quantity: 1 });
    const { order } = await place(customerId);
    orderIds.push(order.id);
    const handle = createSagaEventHandler(deps);
    const events: EventEnvelope[] = [
      stockReserved(order.id),
      paymentAuthorized(order.id, customerId, order.total),
      shipmentStatusChanged(order.id, customerId, 'IN_TRANSIT'),
      shipmentDelivered(order.id, customerId),
    ];
    // The same messages three times (redeliveries) and the same facts under fresh ids.
    const deliveries = [...events, ...events, ...events, stockReserved(order.id), shipmentDelivered(order.id, customerId)];
    await Promise.all(deliveries.map((event) => handle(event)));

    const state = await orderState(dataSource, order.id);
    assert.equal(state.status, 'DELIVERED');
    assert.equal(state.history.length, 5);
    assert.equal(state.version, 5);
    assert.deepEqual(await statusChangeVersions(dataSource, order.id), [1, 2, 3, 4, 5]);
    assert.deepEqual(await outboxTypes(dataSource, order.id), [
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
    ]);
  });

  test('a cancellation racing the reservation leaves a consistent order: cancelled, or awaiting payment and then cancelled', async () => {
    const [variant] = await announced(1);
    const customerId = newCustomerId();
    await deps.carts.add(customerId, { variantId: variant!.variantId, quantity: 1 });
    const { order } = await place(customerId);
    orderIds.push(order.id);
    await Promise.all([createSagaEventHandler(deps)(stockReserved(order.id)), deps.orders.cancel(order.id, 'changed my mind')]);
    const state = await orderState(dataSource, order.id);
    assert.equal(state.status, 'CANCELLED');
    const steps = state.history.map(({ from, to }) => `${from} → ${to}`);
    assert.ok(
      JSON.stringify(steps) === JSON.stringify(['null → PENDING', 'PENDING → CANCELLED']) ||
        JSON.stringify(steps) === JSON.stringify(['null → PENDING', 'PENDING → AWAITING_PAYMENT', 'AWAITING_PAYMENT → CANCELLED']),
      steps.join(', '),
    );
    assert.equal((await outboxTypes(dataSource, order.id)).filter((type) => type === 'OrderCancelled').length, 1);
  });
});
