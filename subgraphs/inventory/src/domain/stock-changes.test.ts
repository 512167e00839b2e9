import assert from 'node:assert/strict';
import { test } from 'node:test';
import { StockLevelChanged, matchEvent, type EventEnvelope } from '@commerce/events';
import {
  announceWarehouse,
  holdStock,
  itemKey,
  recountStock,
  refuseReservation,
  rethreshold,
  settleStock,
  settlementStatus,
  type LockedReservation,
  type LockedStock,
} from './stock-changes.ts';

const item = (variantId: string, warehouseId: string, onHand: number, reserved: number, lowStockThreshold = 0, version = 4): LockedStock => ({
  variantId,
  warehouseId,
  onHand,
  reserved,
  lowStockThreshold,
  version,
  warehouseActive: true,
});
/** The StockLevelChanged events of a change, as [variant, kind, order, onHand, reserved, available, active, version]. */
const levels = (events: EventEnvelope[]) =>
  events.flatMap((event) => {
    const level = matchEvent(StockLevelChanged, event);
    if (!level) return [];
    assert.equal(event.aggregateId, level.data.variantId, 'keyed by the variant');
    const d = level.data;
    return [[d.variantId, d.kind, d.orderId, d.onHand, d.reserved, d.available, d.warehouseActive, d.version]];
  });
const cause = { correlationId: 'cor_1', causationId: 'evt_1' };

test("a hold reserves each allocation on its item, logs one movement each, and announces StockReserved, each item's level with its next version, and LowStock for items it takes to their threshold", () => {
  const a = item('var_a', 'wh_1', 10, 0, 2);
  const b = item('var_b', 'wh_1', 5, 0, 0);
  const expiresAt = new Date('2026-01-01T00:15:00Z');
  const change = holdStock(
    { id: 'rsv_1', orderId: 'ord_1', expiresAt },
    [
      { variantId: 'var_a', quantity: 8, allocations: [{ warehouseId: 'wh_1', quantity: 8 }] },
      { variantId: 'var_b', quantity: 1, allocations: [{ warehouseId: 'wh_1', quantity: 1 }] },
    ],
    new Map([a, b].map((i) => [itemKey(i), i])),
    cause,
  );
  assert.deepEqual(change.updates.map((u) => [u.variantId, u.onHand, u.reserved]), [['var_a', 10, 8], ['var_b', 5, 1]]);
  assert.deepEqual(change.movements.map((m) => [m.kind, m.reservedDelta, m.orderId]), [['RESERVATION', 8, 'ord_1'], ['RESERVATION', 1, 'ord_1']]);
  assert.deepEqual(change.events.map((e) => [e.eventType, e.aggregateId]), [
    ['StockReserved', 'ord_1'],
    ['StockLevelChanged', 'var_a'],
    ['LowStock', 'var_a'],
    ['StockLevelChanged', 'var_b'],
  ]);
  assert.deepEqual(levels(change.events), [
    ['var_a', 'RESERVATION', 'ord_1', 10, 8, 2, true, 5],
    ['var_b', 'RESERVATION', 'ord_1', 5, 1, 4, true, 5],
  ]);
  assert.deepEqual(change.updates.map((u) => u.version), [5, 5], 'the versions the levels announce are the ones written');
  assert.equal(change.events[0]!.correlationId, 'cor_1');
  assert.throws(() => holdStock({ id: 'rsv_2', orderId: 'ord_2', expiresAt }, [{ variantId: 'var_c', quantity: 1, allocations: [{ warehouseId: 'wh_1', quantity: 1 }] }], new Map(), cause), /was not locked/);
});

test('a refusal is StockReservationFailed naming the shortfalls', () => {
  const event = refuseReservation('ord_1', { reason: 'OUT_OF_STOCK', shortfalls: [{ variantId: 'var_a', requested: 3, available: 1 }] }, cause);
  assert.equal(event.eventType, 'StockReservationFailed');
  assert.deepEqual(event.data, { orderId: 'ord_1', reason: 'OUT_OF_STOCK', lines: [{ variantId: 'var_a', requested: 3, available: 1 }] });
});

test('only a held reservation settles, and an expiry only once its deadline has passed', () => {
  const held: LockedReservation = { id: 'rsv_1', orderId: 'ord_1', status: 'RESERVED', expiresAt: new Date('2026-01-01T00:15:00Z'), correlationId: 'cor_1' };
  assert.equal(settlementStatus(held, 'expire', new Date('2026-01-01T00:14:59Z')), undefined);
  assert.equal(settlementStatus(held, 'expire', new Date('2026-01-01T00:15:00Z')), 'EXPIRED');
  assert.equal(settlementStatus(held, 'commit', new Date('2026-01-01T00:00:00Z')), 'COMMITTED');
  assert.equal(settlementStatus({ ...held, status: 'RELEASED' }, 'commit', new Date()), undefined);
});

test('release gives reserved units back and commit takes them off hand; an expiry keeps the saga’s correlation id', () => {
  const reservation: LockedReservation = { id: 'rsv_1', orderId: 'ord_1', status: 'RESERVED', expiresAt: null, correlationId: 'cor_saga' };
  const lines = [{ variantId: 'var_a', warehouseId: 'wh_1', quantity: 2 }];
  const items = [item('var_a', 'wh_1', 10, 3)];
  const released = settleStock(reservation, 'release', lines, items, { reason: 'CANCELLED: x', cause });
  assert.deepEqual([released.updates[0]!.onHand, released.updates[0]!.reserved], [10, 1]);
  assert.equal(released.events[0]!.eventType, 'StockReleased');
  assert.deepEqual(levels(released.events), [['var_a', 'RELEASE', 'ord_1', 10, 1, 9, true, 5]]);
  const committed = settleStock(reservation, 'commit', lines, items, { reason: 'ORDER_SHIPPED', cause });
  assert.deepEqual([committed.updates[0]!.onHand, committed.updates[0]!.reserved], [8, 1]);
  assert.deepEqual(committed.movements.map((m) => [m.kind, m.onHandDelta, m.reservedDelta]), [['COMMIT', -2, -2]]);
  assert.deepEqual(levels(committed.events), [['var_a', 'COMMIT', 'ord_1', 8, 1, 7, true, 5]]);
  const expired = settleStock(reservation, 'expire', lines, items, { reason: 'EXPIRED', cause: {} });
  assert.equal(expired.events[0]!.correlationId, 'cor_saga');
  assert.deepEqual((expired.events[0]!.data as { reason: string }).reason, 'EXPIRED');
  assert.equal(expired.events[1]!.correlationId, 'cor_saga', 'its level too');
});

test('a recount announces StockAdjusted with its delta, and a raised threshold announces LowStock without a movement', () => {
  const before = item('var_a', 'wh_1', 10, 2, 3);
  const recount = recountStock(before, { onHand: 4, reserved: 2 }, { kind: 'SET', reason: 'count', cause: {}, at: new Date('2026-01-01T00:00:00Z') });
  assert.deepEqual(recount.events.map((e) => e.eventType), ['StockAdjusted', 'StockLevelChanged', 'LowStock']);
  assert.deepEqual(levels(recount.events), [['var_a', 'SET', null, 4, 2, 2, true, 5]]);
  assert.equal((recount.events[0]!.data as { delta: number }).delta, -6);
  assert.deepEqual(recount.movements.map((m) => [m.kind, m.onHandDelta]), [['SET', -6]]);
  const raised = rethreshold(item('var_a', 'wh_1', 10, 2, 3), 8, {});
  assert.deepEqual([raised.after.lowStockThreshold, raised.movements.length, raised.events.map((e) => e.eventType)], [8, 0, ['LowStock']]);
  assert.equal(raised.after.version, 4, 'quantities unchanged: no new version');
});

test('a warehouse leaving fulfilment announces each of its items with units available at its next version, without a movement', () => {
  const items = [{ ...item('var_a', 'wh_1', 3, 1), warehouseActive: false }];
  const change = announceWarehouse(items, {});
  assert.deepEqual(levels(change.events), [['var_a', 'WAREHOUSE', null, 3, 1, 2, false, 5]]);
  assert.deepEqual([change.updates.map((u) => u.version), change.movements], [[5], []]);
});
