import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RATE_CARD } from '@commerce/shipping-rates';
import { OrdersError } from './errors.ts';
import { changeOrder, placeOrder } from './order-changes.ts';
import type { OrderLine } from './order.ts';
import { DEFAULT_FREE_STANDARD_FROM } from './pricing.ts';

const policy = { card: RATE_CARD, freeStandardFrom: DEFAULT_FREE_STANDARD_FROM };
const lines: OrderLine[] = [{ productId: 'prd_1', variantId: 'var_1', sku: 'SKU-1', name: 'Shirt', unitPrice: 1000, quantity: 2, weightGrams: 250 }];
const fields = {
  id: 'ord_1',
  customerId: 'cus_1',
  currency: 'EUR',
  shippingAddress: { recipient: 'Ada', line1: 'Oudegracht 1', line2: null, city: 'Utrecht', region: null, postalCode: '3511 AA', country: 'NL', phone: null },
  shippingService: 'STANDARD' as const,
  paymentMethodId: 'pm_1',
  idempotencyKey: 'k',
  correlationId: 'corr-1',
};
const now = new Date('2030-01-01T00:00:00Z');

test('a placed order is PENDING at version 1, priced with shipping, and announced by OrderPlaced and OrderStatusChanged', () => {
  const { order, events } = placeOrder(policy, lines, fields, now);
  assert.deepEqual([order.status, order.version, order.subtotal, order.shippingTotal, order.total], ['PENDING', 1, 2000, 495, 2495]);
  assert.deepEqual(events.map((e) => [e.eventType, e.aggregateId, e.correlationId]), [
    ['OrderPlaced', 'ord_1', 'corr-1'],
    ['OrderStatusChanged', 'ord_1', 'corr-1'],
  ]);
});

test('an order no carrier can take is refused as BAD_USER_INPUT with what to do about it', () => {
  assert.throws(
    () => placeOrder(policy, lines, { ...fields, shippingAddress: { ...fields.shippingAddress, country: 'XX' } }, now),
    (err: unknown) => err instanceof OrdersError && err.code === 'BAD_USER_INPUT' && /Ship to an address in another country/.test(err.message),
  );
});

test('a change grows the version by one per transition, each transition’s events at the version it reaches', () => {
  const placed = { ...placeOrder(policy, lines, fields, now).order, number: 'CM-00000001' };
  const at = new Date('2030-01-01T00:05:00Z');
  const change = changeOrder(
    placed,
    {
      status: 'CONFIRMED',
      facts: { stock: { outcome: 'RESERVED' }, payment: { outcome: 'AUTHORIZED', paymentId: 'pay_1' } },
      transitions: [
        { from: 'PENDING', to: 'AWAITING_PAYMENT', reason: 'STOCK_RESERVED' },
        { from: 'AWAITING_PAYMENT', to: 'CONFIRMED', reason: 'PAYMENT_AUTHORIZED' },
      ],
    },
    lines,
    at,
    { causationId: 'evt-1' },
  );
  assert.deepEqual([change.before.version, change.order.version, change.order.status, change.order.updatedAt], [1, 3, 'CONFIRMED', at]);
  const versions = change.events.filter((e) => e.eventType === 'OrderStatusChanged').map((e) => (e.data as { version: number }).version);
  assert.deepEqual(versions, [2, 3]);
  assert.ok(change.events.every((e) => e.causationId === 'evt-1'));
});
