import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SHIP_TO_MESSAGES, addToCartInput, adminOrdersArgs, cancelOrderInput, decodeCursor, encodeCursor, placeOrderInput, updateCartLineInput } from './validation.ts';

const VARIANT = 'var_01JD3ZK5W7Y8X9Q2R3S4T5V6W7';
const address = { recipient: ' Ada Lovelace ', line1: '1 Main St', city: 'London', postalCode: 'N1 9GU', country: 'gb' };
const order = { address, paymentMethodId: 'pm_01JD3ZK5W7Y8X9Q2R3S4T5V6W7', idempotencyKey: '6f1c2a4e-checkout-1' };

const fields = (result: { success: boolean; error?: { issues: { path: PropertyKey[] }[] } }) =>
  result.success ? [] : result.error!.issues.map((issue) => issue.path.join('.'));

test('cart quantities are whole numbers from 1 (0 when updating, which removes) to 100', () => {
  assert.equal(addToCartInput.safeParse({ variantId: VARIANT, quantity: 1 }).success, true);
  assert.equal(addToCartInput.safeParse({ variantId: VARIANT, quantity: 100 }).success, true);
  for (const quantity of [0, 101, 1.5, -1]) assert.deepEqual(fields(addToCartInput.safeParse({ variantId: VARIANT, quantity })), ['quantity']);
  assert.equal(updateCartLineInput.safeParse({ variantId: VARIANT, quantity: 0 }).success, true);
  assert.deepEqual(fields(updateCartLineInput.safeParse({ variantId: VARIANT, quantity: 101 })), ['quantity']);
  assert.deepEqual(fields(addToCartInput.safeParse({ variantId: 'prd_01JD3ZK5W7Y8X9Q2R3S4T5V6W7', quantity: 1 })), ['variantId']);
});

test('placeOrder input is normalised: trimmed address, upper-case country, STANDARD by default, no label', () => {
  const parsed = placeOrderInput.parse({ ...order, address: { ...address, label: 'Home' } });
  assert.deepEqual(parsed, {
    address: { recipient: 'Ada Lovelace', line1: '1 Main St', line2: null, city: 'London', region: null, postalCode: 'N1 9GU', country: 'GB', phone: null },
    shippingService: 'STANDARD',
    paymentMethodId: order.paymentMethodId,
    idempotencyKey: order.idempotencyKey,
  });
  assert.equal(placeOrderInput.parse({ ...order, shippingService: 'EXPRESS' }).shippingService, 'EXPRESS');
});

test('placeOrder input names every bad field', () => {
  const result = placeOrderInput.safeParse({
    address: { ...address, recipient: ' ', country: 'GBR', postalCode: '!', phone: 'call me' },
    paymentMethodId: 'card-1',
    idempotencyKey: '',
    shippingService: 'TELEPORT',
  });
  assert.deepEqual([...new Set(fields(result))].sort(), [
    'address.country',
    'address.phone',
    'address.postalCode',
    'address.recipient',
    'idempotencyKey',
    'paymentMethodId',
    'shippingService',
  ]);
  assert.deepEqual(fields(placeOrderInput.safeParse({ ...order, idempotencyKey: 'x'.repeat(101) })), ['idempotencyKey']);
  assert.deepEqual(fields(placeOrderInput.safeParse({ ...order, idempotencyKey: 'has space' })), ['idempotencyKey']);
});

test('placeOrder ships to a saved address by id instead of an address; explicit nulls count as absent', () => {
  const { address: _address, ...rest } = order;
  const shippingAddressId = 'adr_01JD3ZK5W7Y8X9Q2R3S4T5V6W7';
  assert.deepEqual(placeOrderInput.parse({ ...rest, shippingAddressId }), {
    shippingAddressId,
    shippingService: 'STANDARD',
    paymentMethodId: order.paymentMethodId,
    idempotencyKey: order.idempotencyKey,
  });
  assert.deepEqual(placeOrderInput.parse({ ...rest, shippingAddressId, address: null }), placeOrderInput.parse({ ...rest, shippingAddressId }));
  assert.equal('shippingAddressId' in placeOrderInput.parse({ ...order, shippingAddressId: null }), false);
  assert.deepEqual(fields(placeOrderInput.safeParse({ ...rest, shippingAddressId: 'home' })), ['shippingAddressId']);
  assert.deepEqual(fields(placeOrderInput.safeParse({ ...rest, shippingAddressId: 'var_01JD3ZK5W7Y8X9Q2R3S4T5V6W7' })), ['shippingAddressId']);
});

test('placeOrder wants exactly one of address and shippingAddressId, and says which to send', () => {
  const { address: _address, ...rest } = order;
  const both = placeOrderInput.safeParse({ ...order, shippingAddressId: 'adr_01JD3ZK5W7Y8X9Q2R3S4T5V6W7' });
  assert.deepEqual(fields(both), ['shippingAddressId']);
  assert.equal(both.error?.issues[0]?.message, SHIP_TO_MESSAGES.both);
  for (const input of [rest, { ...rest, address: null, shippingAddressId: null }]) {
    const neither = placeOrderInput.safeParse(input);
    assert.deepEqual(fields(neither), ['address']);
    assert.equal(neither.error?.issues[0]?.message, SHIP_TO_MESSAGES.neither);
  }
  // A malformed address is reported as such, not as a missing one.
  assert.deepEqual(fields(placeOrderInput.safeParse({ ...order, address: { ...address, country: 'GBR' } })), ['address.country']);
});

test('cancelOrder needs an order id; the reason is optional and bounded', () => {
  assert.deepEqual(cancelOrderInput.parse({ id: 'ord_01JD3ZK5W7Y8X9Q2R3S4T5V6W7' }), { id: 'ord_01JD3ZK5W7Y8X9Q2R3S4T5V6W7', reason: null });
  assert.deepEqual(fields(cancelOrderInput.safeParse({ id: 'ord_1', reason: 'x'.repeat(501) })).sort(), ['id', 'reason']);
});

test('cursors round-trip order ids and reject anything else', () => {
  const id = 'ord_01JD3ZK5W7Y8X9Q2R3S4T5V6W7';
  assert.equal(decodeCursor(encodeCursor(id)), id);
  assert.equal(decodeCursor('not-a-cursor'), undefined);
  assert.equal(decodeCursor(encodeCursor('cus_01JD3ZK5W7Y8X9Q2R3S4T5V6W7')), undefined);
});

test('the admin orders filter takes ISO 8601 instants with an offset, and refuses a range that ends before it starts', () => {
  const parsed = adminOrdersArgs.parse({ filter: { placedAfter: '2030-01-01T00:00:00+01:00', placedBefore: '2030-01-02T00:00:00Z' } });
  assert.deepEqual(parsed.filter, {
    status: null,
    customerId: null,
    placedAfter: new Date('2029-12-31T23:00:00Z'),
    placedBefore: new Date('2030-01-02T00:00:00Z'),
  });
  assert.deepEqual(adminOrdersArgs.parse({}).filter, { status: null, customerId: null, placedAfter: null, placedBefore: null });
  // An empty range is allowed (it lists nothing); one that ends before it starts is a mistake.
  assert.equal(adminOrdersArgs.safeParse({ filter: { placedAfter: '2030-01-01T00:00:00Z', placedBefore: '2030-01-01T00:00:00Z' } }).success, true);
  assert.deepEqual(fields(adminOrdersArgs.safeParse({ filter: { placedAfter: '2030-01-02T00:00:00Z', placedBefore: '2030-01-01T00:00:00Z' } })), ['filter.placedBefore']);
  for (const placedAfter of ['2030-01-01', 'yesterday', '2030-01-01T00:00:00']) assert.deepEqual(fields(adminOrdersArgs.safeParse({ filter: { placedAfter } })), ['filter.placedAfter']);
});
