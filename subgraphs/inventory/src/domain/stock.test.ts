import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MAX_ON_HAND, adjustOnHand, availableOf, becameLow, summarizeStock, withOnHand, type StockLevel } from './stock.ts';
import { applyReservationStep, movementBetween } from './movement.ts';

test('on hand may not fall below what is reserved, nor below zero, nor above the maximum', () => {
  const item = { onHand: 10, reserved: 4 };
  assert.deepEqual(adjustOnHand(item, -6), { ok: true, after: { onHand: 4, reserved: 4 } });
  const belowReserved = adjustOnHand(item, -7);
  assert.equal(belowReserved.ok, false);
  assert.match(!belowReserved.ok ? belowReserved.message : '', /below the 4 unit\(s\) reserved/);
  const negative = withOnHand({ onHand: 0, reserved: 0 }, -1);
  assert.match(!negative.ok ? negative.message : '', /below 0/);
  assert.equal(adjustOnHand(item, MAX_ON_HAND).ok, false);
  assert.deepEqual(withOnHand(item, 4), { ok: true, after: { onHand: 4, reserved: 4 } });
});

test('available is on hand minus reserved and never negative', () => {
  assert.equal(availableOf({ onHand: 7, reserved: 3 }), 4);
  assert.equal(availableOf({ onHand: 1, reserved: 3 }), 0);
});

test('LowStock fires on the edge from above the threshold to at or below it, not while it stays low', () => {
  const at = (onHand: number, reserved: number, lowStockThreshold: number) => ({ onHand, reserved, lowStockThreshold });
  assert.equal(becameLow(at(10, 0, 5), at(10, 5, 5)), true, 'down to the threshold');
  assert.equal(becameLow(at(10, 0, 5), at(10, 4, 5)), false, 'still above');
  assert.equal(becameLow(at(10, 5, 5), at(10, 6, 5)), false, 'already low');
  assert.equal(becameLow(at(1, 0, 0), at(1, 1, 0)), true, 'threshold 0: sold out');
  assert.equal(becameLow(at(10, 0, 2), at(10, 0, 10)), true, 'a raised threshold');
  assert.equal(becameLow(at(3, 0, 5), at(20, 0, 5)), false, 'restocked');
});

test('reservation steps move reserved, and commit takes units off hand too; movements record the deltas', () => {
  const before = { onHand: 10, reserved: 2 };
  assert.deepEqual(applyReservationStep('RESERVATION', before, 3), { onHand: 10, reserved: 5 });
  assert.deepEqual(applyReservationStep('RELEASE', before, 2), { onHand: 10, reserved: 0 });
  assert.deepEqual(applyReservationStep('COMMIT', before, 2), { onHand: 8, reserved: 0 });
  const movement = movementBetween({ variantId: 'var_a', warehouseId: 'wh_1' }, before, { onHand: 8, reserved: 0 }, {
    kind: 'COMMIT',
    reason: 'ORDER_SHIPPED',
    orderId: 'ord_1',
  });
  assert.deepEqual(movement, {
    kind: 'COMMIT',
    variantId: 'var_a',
    warehouseId: 'wh_1',
    onHandDelta: -2,
    reservedDelta: -2,
    onHandAfter: 8,
    reservedAfter: 0,
    reason: 'ORDER_SHIPPED',
    orderId: 'ord_1',
  });
});

test('a variant is available only in active warehouses, while on hand and reserved count everywhere', () => {
  const warehouse = (id: string, active: boolean) => ({ id, code: id, name: id, active, createdAt: new Date(0) });
  const levels: StockLevel[] = [
    { variantId: 'var_a', warehouseId: 'wh_1', onHand: 5, reserved: 2, lowStockThreshold: 0, version: 3, warehouse: warehouse('wh_1', true) },
    { variantId: 'var_a', warehouseId: 'wh_2', onHand: 9, reserved: 0, lowStockThreshold: 0, version: 1, warehouse: warehouse('wh_2', false) },
  ];
  assert.deepEqual(summarizeStock(levels), { available: 3, onHand: 14, reserved: 2 });
  assert.deepEqual(summarizeStock([]), { available: 0, onHand: 0, reserved: 0 });
});
