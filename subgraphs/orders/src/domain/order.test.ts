import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CartLine, VariantSnapshot } from './cart.ts';
import { checkout, historyUpTo, orderAsOf, type Order, type StatusChange } from './order.ts';

const variant = (id: string, amount: number, overrides: Partial<VariantSnapshot> = {}): VariantSnapshot => ({
  variantId: `var_${id}`,
  productId: `prd_${id}`,
  sku: `SKU-${id}`,
  name: `Item ${id}`,
  price: { amount, currency: 'EUR' },
  weightGrams: null,
  active: true,
  ...overrides,
});

test('checkout snapshots each line from the read model, weights included (shipping is priced once the address is known)', () => {
  const cart: CartLine[] = [
    { quantity: 2, variant: variant('a', 1000, { weightGrams: 300 }) },
    { quantity: 1, variant: variant('b', 450) },
  ];
  const result = checkout(cart, 'EUR');
  assert.deepEqual(result, {
    ok: true,
    lines: [
      { productId: 'prd_a', variantId: 'var_a', sku: 'SKU-a', name: 'Item a', unitPrice: 1000, quantity: 2, weightGrams: 300 },
      { productId: 'prd_b', variantId: 'var_b', sku: 'SKU-b', name: 'Item b', unitPrice: 450, quantity: 1, weightGrams: null },
    ],
  });
});

test('an empty cart cannot be ordered (BAD_USER_INPUT)', () => {
  const result = checkout([], 'EUR');
  assert.deepEqual(result, { ok: false, code: 'BAD_USER_INPUT', message: 'Your cart is empty; add something before placing an order.' });
});

test('a cart with variants the catalog no longer sells cannot be ordered (CONFLICT naming them)', () => {
  const cart: CartLine[] = [
    { quantity: 1, variant: variant('a', 1000) },
    { quantity: 1, variant: variant('b', 1000, { active: false }) },
    { quantity: 1, variant: variant('c', 1000, { price: { amount: 1000, currency: 'USD' } }) },
  ];
  const result = checkout(cart, 'EUR');
  assert.equal(result.ok, false);
  assert.deepEqual(result.ok ? undefined : [result.code, result.message], [
    'CONFLICT',
    'No longer available: SKU-b, SKU-c. Remove them from your cart and try again.',
  ]);
});

const delivered: Order = {
  id: 'ord_1',
  number: 'CM-00000001',
  customerId: 'cus_1',
  status: 'DELIVERED',
  currency: 'EUR',
  subtotal: 2000,
  shippingTotal: 2495,
  total: 4495,
  shippingAddress: { recipient: 'Ada', line1: '1 Main St', line2: null, city: 'London', region: null, postalCode: 'N1', country: 'GB', phone: null },
  shippingService: 'STANDARD',
  paymentMethodId: 'pm_1',
  idempotencyKey: 'k',
  correlationId: 'corr-1',
  facts: { stock: { outcome: 'RESERVED' }, payment: { outcome: 'AUTHORIZED', paymentId: 'pay_1' }, inTransit: true, delivered: true },
  placedAt: new Date('2030-01-01T00:00:00Z'),
  // Later than the last change: a remembered fact touches the row without a transition.
  updatedAt: new Date('2030-01-05T00:00:00Z'),
  version: 5,
};
const minute = (n: number) => new Date(Date.UTC(2030, 0, 1, 0, n));
const history: StatusChange[] = [
  { from: null, to: 'PENDING', reason: 'PLACED', at: minute(0) },
  { from: 'PENDING', to: 'AWAITING_PAYMENT', reason: 'STOCK_RESERVED', at: minute(1) },
  { from: 'AWAITING_PAYMENT', to: 'CONFIRMED', reason: 'PAYMENT_AUTHORIZED', at: minute(2) },
  { from: 'CONFIRMED', to: 'SHIPPED', reason: 'SHIPMENT_IN_TRANSIT', at: minute(3) },
  { from: 'SHIPPED', to: 'DELIVERED', reason: 'SHIPMENT_DELIVERED', at: minute(4) },
];

test('an order as of a version has that change’s status and time and the history up to it; the rest is as it is', () => {
  for (const [version, status] of [
    [1, 'PENDING'],
    [2, 'AWAITING_PAYMENT'],
    [3, 'CONFIRMED'],
    [4, 'SHIPPED'],
  ] as const) {
    const then = orderAsOf(delivered, history, version);
    assert.deepEqual(then, { ...delivered, status, updatedAt: minute(version - 1), version }, `version ${version}`);
    assert.deepEqual(historyUpTo(then, history), history.slice(0, version));
  }
  assert.equal(delivered.status, 'DELIVERED', 'the current order is left alone');
});

test('an order as of its current version or a later one is the current order, updatedAt included', () => {
  assert.equal(orderAsOf(delivered, history, 5), delivered);
  assert.equal(orderAsOf(delivered, history, 99), delivered);
  assert.deepEqual(historyUpTo(delivered, history), history);
});

test('the history shown stops at the order’s version, even when a later change was read with it', () => {
  const confirmed = { ...delivered, status: 'CONFIRMED' as const, version: 3 };
  assert.deepEqual(historyUpTo(confirmed, history), history.slice(0, 3));
});
