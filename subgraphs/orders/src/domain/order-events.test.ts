import assert from 'node:assert/strict';
import { test } from 'node:test';
import { matchEvent, OrderCancelled, OrderDelivered, OrderPlaced, OrderStatusChanged, PaymentRequested, ShipmentRequested } from '@commerce/events';
import type { Order, OrderLine } from './order.ts';
import { eventsFor } from './order-events.ts';
import { PLACEMENT } from './order-status.ts';

const order: Order = {
  id: 'ord_1',
  number: 'CM-00000001',
  customerId: 'cus_1',
  status: 'PENDING',
  currency: 'EUR',
  subtotal: 2000,
  shippingTotal: 2495,
  total: 4495,
  shippingAddress: { recipient: 'Ada', line1: '1 Main St', line2: null, city: 'London', region: null, postalCode: 'N1', country: 'GB', phone: null },
  shippingService: 'STANDARD',
  paymentMethodId: 'pm_1',
  idempotencyKey: 'k',
  correlationId: 'corr-1',
  facts: {},
  placedAt: new Date('2030-01-01T00:00:00Z'),
  updatedAt: new Date('2030-01-01T00:00:00Z'),
  version: 1,
};
const lines: OrderLine[] = [
  { productId: 'prd_1', variantId: 'var_1', sku: 'SKU-1', name: 'Shirt', unitPrice: 1000, quantity: 2, weightGrams: 250 },
];
const at = new Date('2030-01-01T00:05:00Z');

test('every transition emits its saga event, then OrderStatusChanged, keyed by the order and in its saga', () => {
  const expected: [Parameters<typeof eventsFor>[2], string[]][] = [
    [PLACEMENT, ['OrderPlaced', 'OrderStatusChanged']],
    [{ from: 'PENDING', to: 'AWAITING_PAYMENT', reason: 'STOCK_RESERVED' }, ['PaymentRequested', 'OrderStatusChanged']],
    [{ from: 'AWAITING_PAYMENT', to: 'CONFIRMED', reason: 'PAYMENT_AUTHORIZED' }, ['OrderConfirmed', 'ShipmentRequested', 'OrderStatusChanged']],
    [{ from: 'CONFIRMED', to: 'SHIPPED', reason: 'SHIPMENT_IN_TRANSIT' }, ['OrderShipped', 'OrderStatusChanged']],
    [{ from: 'SHIPPED', to: 'DELIVERED', reason: 'SHIPMENT_DELIVERED' }, ['OrderDelivered', 'OrderStatusChanged']],
    [{ from: 'CONFIRMED', to: 'CANCELLED', reason: 'EXPIRED' }, ['OrderCancelled', 'OrderStatusChanged']],
  ];
  for (const [index, [step, types]] of expected.entries()) {
    const events = eventsFor(order, lines, step, index + 1, at, { causationId: 'evt-1' });
    assert.deepEqual(events.map((event) => event.eventType), types, step.to);
    for (const event of events) {
      assert.equal(event.aggregateId, 'ord_1');
      assert.equal(event.correlationId, 'corr-1');
      assert.equal(event.causationId, 'evt-1');
      assert.equal(event.occurredAt, at.toISOString());
    }
    const changed = matchEvent(OrderStatusChanged, events.at(-1)!)!;
    assert.deepEqual(changed.data, {
      orderId: 'ord_1',
      customerId: 'cus_1',
      previous: step.from,
      next: step.to,
      reason: step.reason,
      version: index + 1,
      changedAt: at.toISOString(),
    });
  }
});

test('OrderStatusChanged carries the version the order reaches with the change, one more per change', () => {
  const steps: [Parameters<typeof eventsFor>[2], number][] = [
    [PLACEMENT, 1],
    [{ from: 'PENDING', to: 'AWAITING_PAYMENT', reason: 'STOCK_RESERVED' }, 2],
    [{ from: 'AWAITING_PAYMENT', to: 'CONFIRMED', reason: 'PAYMENT_AUTHORIZED' }, 3],
  ];
  const versionOf = (events: ReturnType<typeof eventsFor>) => matchEvent(OrderStatusChanged, events.at(-1)!)!.data.version;
  assert.deepEqual(
    steps.map(([step, version]) => versionOf(eventsFor(order, lines, step, version, at))),
    [1, 2, 3],
  );
  for (const version of [0, -1, 1.5]) {
    assert.throws(() => eventsFor(order, lines, PLACEMENT, version, at), /version/, `version ${version} is refused by the contract`);
  }
});

test('the saga events carry what their consumers need: lines, totals, payment method, address', () => {
  const [placed] = eventsFor(order, lines, PLACEMENT, 1, at);
  assert.deepEqual(matchEvent(OrderPlaced, placed!)!.data, {
    orderId: 'ord_1',
    customerId: 'cus_1',
    lines: [{ productId: 'prd_1', variantId: 'var_1', sku: 'SKU-1', name: 'Shirt', quantity: 2, unitPrice: { amount: 1000, currency: 'EUR' }, weightGrams: 250 }],
    total: { amount: 4495, currency: 'EUR' },
    paymentMethodId: 'pm_1',
    placedAt: at.toISOString(),
  });
  const [requested] = eventsFor(order, lines, { from: 'PENDING', to: 'AWAITING_PAYMENT', reason: 'STOCK_RESERVED' }, 2, at);
  assert.deepEqual(matchEvent(PaymentRequested, requested!)!.data.amount, { amount: 4495, currency: 'EUR' });
  const [, shipment] = eventsFor(order, lines, { from: 'AWAITING_PAYMENT', to: 'CONFIRMED', reason: 'PAYMENT_AUTHORIZED' }, 3, at);
  const shipmentData = matchEvent(ShipmentRequested, shipment!)!.data;
  assert.deepEqual(shipmentData.address, order.shippingAddress);
  assert.deepEqual(shipmentData.lines, [{ variantId: 'var_1', sku: 'SKU-1', quantity: 2, weightGrams: 250 }]);
  assert.equal(shipmentData.service, 'STANDARD');
  const [deliveredEvent] = eventsFor(order, lines, { from: 'SHIPPED', to: 'DELIVERED', reason: 'SHIPMENT_DELIVERED' }, 5, at);
  assert.deepEqual(matchEvent(OrderDelivered, deliveredEvent!)!.data.lines, [{ productId: 'prd_1', variantId: 'var_1' }]);
  const [cancelled] = eventsFor(order, lines, { from: 'PENDING', to: 'CANCELLED', reason: 'OUT_OF_STOCK' }, 2, at);
  assert.equal(matchEvent(OrderCancelled, cancelled!)!.data.reason, 'OUT_OF_STOCK');
});
