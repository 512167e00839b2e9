import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MAX_CART_LINES, addToLine, cartLineTotal, isSellable, summarizeCart, type CartLine, type VariantSnapshot } from './cart.ts';

const variant = (overrides: Partial<VariantSnapshot> = {}): VariantSnapshot => ({
  variantId: 'var_1',
  productId: 'prd_1',
  sku: 'SKU-1',
  name: 'Shirt (M)',
  price: { amount: 1250, currency: 'EUR' },
  weightGrams: 200,
  active: true,
  ...overrides,
});

test('a new line may hold up to 100 units; adding merges with the units already there', () => {
  assert.deepEqual(addToLine(undefined, 100, 0), { ok: true, quantity: 100 });
  assert.deepEqual(addToLine(40, 60, 3), { ok: true, quantity: 100 });
  const over = addToLine(40, 61, 3);
  assert.equal(over.ok, false);
  assert.match(over.ok ? '' : over.message, /would hold 101 units; at most 100 per item \(40 already in the cart\)/);
});

test('a cart holds at most 50 different items, but an existing line can still grow', () => {
  const full = addToLine(undefined, 1, MAX_CART_LINES);
  assert.equal(full.ok, false);
  assert.match(full.ok ? '' : full.message, /at most 50 different items/);
  assert.deepEqual(addToLine(1, 1, MAX_CART_LINES), { ok: true, quantity: 2 });
  assert.deepEqual(addToLine(undefined, 1, MAX_CART_LINES - 1), { ok: true, quantity: 1 });
});

test('only an active variant priced in the store currency can be sold', () => {
  assert.equal(isSellable(variant(), 'EUR'), true);
  assert.equal(isSellable(variant({ active: false }), 'EUR'), false);
  assert.equal(isSellable(variant({ price: { amount: 1250, currency: 'USD' } }), 'EUR'), false);
  assert.equal(isSellable(undefined, 'EUR'), false);
});

test('cart totals count the available lines at their current prices', () => {
  const lines: CartLine[] = [
    { quantity: 2, variant: variant() },
    { quantity: 1, variant: variant({ variantId: 'var_2', price: { amount: 999, currency: 'EUR' } }) },
    { quantity: 5, variant: variant({ variantId: 'var_3', active: false }) },
  ];
  const cart = { id: 'crt_1', customerId: 'cus_1', lines, updatedAt: new Date() };
  assert.deepEqual(summarizeCart(cart, 'EUR'), { subtotal: { amount: 3499, currency: 'EUR' }, itemCount: 3 });
  assert.deepEqual(cartLineTotal(lines[0]!), { amount: 2500, currency: 'EUR' });
  assert.deepEqual(summarizeCart({ ...cart, lines: [] }, 'EUR'), { subtotal: { amount: 0, currency: 'EUR' }, itemCount: 0 });
});
