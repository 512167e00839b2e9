import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CartLine, VariantSnapshot } from './cart.ts';
import { checkout, formatOrderNumber } from './order.ts';
import { DEFAULT_SHIPPING_RATES } from './pricing.ts';

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

test('order numbers are CM- and an eight-digit zero-padded sequence', () => {
  assert.equal(formatOrderNumber(1), 'CM-00000001');
  assert.equal(formatOrderNumber(12345678), 'CM-12345678');
  assert.equal(formatOrderNumber(123456789), 'CM-123456789');
});

test('checkout snapshots each line from the read model and prices the order', () => {
  const cart: CartLine[] = [
    { quantity: 2, variant: variant('a', 1000, { weightGrams: 300 }) },
    { quantity: 1, variant: variant('b', 450) },
  ];
  const result = checkout(cart, 'STANDARD', DEFAULT_SHIPPING_RATES, 'EUR');
  assert.deepEqual(result, {
    ok: true,
    lines: [
      { productId: 'prd_a', variantId: 'var_a', sku: 'SKU-a', name: 'Item a', unitPrice: 1000, quantity: 2, weightGrams: 300 },
      { productId: 'prd_b', variantId: 'var_b', sku: 'SKU-b', name: 'Item b', unitPrice: 450, quantity: 1, weightGrams: null },
    ],
    totals: { subtotal: 2450, shippingTotal: 495, total: 2945 },
  });
});

test('an empty cart cannot be ordered (BAD_USER_INPUT)', () => {
  const result = checkout([], 'STANDARD', DEFAULT_SHIPPING_RATES, 'EUR');
  assert.deepEqual(result, { ok: false, code: 'BAD_USER_INPUT', message: 'Your cart is empty; add something before placing an order.' });
});

test('a cart with variants the catalog no longer sells cannot be ordered (CONFLICT naming them)', () => {
  const cart: CartLine[] = [
    { quantity: 1, variant: variant('a', 1000) },
    { quantity: 1, variant: variant('b', 1000, { active: false }) },
    { quantity: 1, variant: variant('c', 1000, { price: { amount: 1000, currency: 'USD' } }) },
  ];
  const result = checkout(cart, 'STANDARD', DEFAULT_SHIPPING_RATES, 'EUR');
  assert.equal(result.ok, false);
  assert.deepEqual(result.ok ? undefined : [result.code, result.message], [
    'CONFLICT',
    'No longer available: SKU-b, SKU-c. Remove them from your cart and try again.',
  ]);
});
