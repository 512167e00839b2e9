import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  adjustStockInput,
  createWarehouseInput,
  decodeItemCursor,
  encodeItemCursor,
  decodeCursor,
  encodeCursor,
  isVariantId,
  setStockInput,
} from './validation.ts';

const variantId = 'var_01JD3ZK5W7Y8X9Q2R3S4T5V6W7';
const warehouseId = 'wh_01JD3ZK5W7Y8X9Q2R3S4T5V6W7';

test('variant ids must be var_ plus a 26-character ULID', () => {
  assert.equal(isVariantId(variantId), true);
  assert.equal(isVariantId('var_01jd3zk5w7y8x9q2r3s4t5v6w7'), false, 'lower case');
  assert.equal(isVariantId('var_01JD3ZK5W7Y8X9Q2R3S4T5V6WI'), false, 'I is not Crockford base32');
  assert.equal(isVariantId('prd_01JD3ZK5W7Y8X9Q2R3S4T5V6W7'), false);
  assert.equal(isVariantId(`${variantId}7`), false);
});

test('adjustments refuse a zero delta, fractions, malformed ids and empty reasons, naming each field', () => {
  assert.deepEqual(adjustStockInput.parse({ variantId, warehouseId, delta: -3, reason: '  damaged  ' }), {
    variantId,
    warehouseId,
    delta: -3,
    reason: 'damaged',
  });
  const result = adjustStockInput.safeParse({ variantId: 'var_x', warehouseId: 'wh_1', delta: 0, reason: ' ' });
  assert.deepEqual(result.error?.issues.map((issue) => issue.path.join('.')).sort(), ['delta', 'reason', 'variantId', 'warehouseId']);
  assert.equal(adjustStockInput.safeParse({ variantId, warehouseId, delta: 1.5, reason: 'x' }).success, false);
});

test('a stock count cannot be negative', () => {
  assert.equal(setStockInput.safeParse({ variantId, warehouseId, onHand: -1, reason: 'count' }).success, false);
  assert.equal(setStockInput.safeParse({ variantId, warehouseId, onHand: 0, reason: 'count' }).success, true);
});

test('warehouse codes are stored upper case and limited to a safe alphabet', () => {
  assert.deepEqual(createWarehouseInput.parse({ code: ' ber-1 ', name: ' Berlin ' }), { code: 'BER-1', name: 'Berlin' });
  assert.equal(createWarehouseInput.safeParse({ code: 'a b', name: 'x' }).success, false);
  assert.equal(createWarehouseInput.safeParse({ code: 'X', name: 'x' }).success, false, 'too short');
});

test('cursors round-trip movement ids and anything else is refused', () => {
  const id = 'mov_01JD3ZK5W7Y8X9Q2R3S4T5V6W7';
  assert.equal(decodeCursor(encodeCursor(id)), id);
  assert.equal(decodeCursor('bm9wZQ'), undefined);
  assert.equal(decodeCursor(encodeCursor('wh_01JD3ZK5W7Y8X9Q2R3S4T5V6W7')), undefined);
});

test('a stock item cursor holds the item key and nothing else', () => {
  const key = { variantId: 'var_01JD3ZK5W7Y8X9Q2R3S4T5V6W7', warehouseId: 'wh_01JD3ZK5W7Y8X9Q2R3S4T5V6W7' };
  assert.deepEqual(decodeItemCursor(encodeItemCursor(key)), key);
  for (const text of ['', 'var_01JD3ZK5W7Y8X9Q2R3S4T5V6W7', `${key.variantId}/${key.warehouseId}/x`, `${key.warehouseId}/${key.variantId}`]) {
    assert.equal(decodeItemCursor(Buffer.from(text).toString('base64url')), undefined, text);
  }
});
