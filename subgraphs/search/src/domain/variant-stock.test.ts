import assert from 'node:assert/strict';
import { test } from 'node:test';
import { applyOwnerLevels, applyStockLevel, isInStock, type StockReport, type VariantStock } from './variant-stock.ts';

const level = (warehouseId: string, available: number, version: number, at = '2026-01-01T00:00:00Z', active = true): StockReport => ({
  variantId: 'var_1',
  warehouseId,
  available,
  active,
  version,
  at,
});
const adjusted = (warehouseId: string, available: number, at: string): StockReport => ({ variantId: 'var_1', warehouseId, available, active: true, version: null, at });

/** Applies reports in order; stale ones leave the document as it was. */
function applyAll(reports: StockReport[], start?: VariantStock): VariantStock | undefined {
  let doc = start;
  for (const report of reports) {
    const next = applyStockLevel(doc, report);
    if (next !== 'stale') doc = next;
  }
  return doc;
}

test('the last unit reserved puts the variant out of stock, and its release puts it back', () => {
  const stocked = applyAll([level('wh_1', 1, 1)]);
  assert.equal(isInStock([stocked]), true);
  const reserved = applyAll([level('wh_1', 0, 2)], stocked);
  assert.equal(isInStock([reserved]), false, 'one on hand, one reserved: nothing available');
  assert.equal(isInStock([applyAll([level('wh_1', 1, 3)], reserved)]), true);
});

test('the highest version per warehouse wins whatever order the levels arrive in, and repeats are stale', () => {
  const reports = [level('wh_1', 4, 1), level('wh_1', 0, 2), level('wh_1', 3, 3), level('wh_1', 0, 4), level('wh_2', 0, 7)];
  const orders = [reports, [...reports].reverse(), [reports[3]!, reports[0]!, reports[4]!, reports[2]!, reports[1]!]];
  for (const order of orders) {
    const doc = applyAll(order);
    assert.deepEqual(doc?.warehouses.wh_1?.version, 4);
    assert.equal(isInStock([doc]), false, `after ${order.map((r) => r.version).join(',')}`);
    assert.equal(applyStockLevel(doc, reports[3]!), 'stale', 'the same version again');
    assert.equal(applyStockLevel(doc, reports[1]!), 'stale', 'an older version');
  }
});

test('any variant with a unit available in any warehouse makes the product in stock', () => {
  const empty = applyAll([level('wh_1', 0, 5), level('wh_2', 0, 1)]);
  const some = applyAll([level('wh_1', 0, 5), level('wh_2', 2, 1)]);
  assert.equal(isInStock([empty]), false);
  assert.equal(isInStock([empty, undefined, some]), true);
  assert.equal(isInStock([]), false);
});

test('units in a warehouse taken out of fulfilment do not count, and count again once it is back', () => {
  const stocked = applyAll([level('wh_1', 3, 4), level('wh_2', 0, 2)]);
  const deactivated = applyAll([level('wh_1', 3, 5, undefined, false)], stocked);
  assert.equal(isInStock([deactivated]), false, 'three on hand, none orderable');
  assert.equal(applyStockLevel(deactivated, level('wh_1', 3, 4)), 'stale', 'the level before the deactivation arrives late');
  assert.equal(isInStock([applyAll([level('wh_1', 3, 6)], deactivated)]), true);
});

test('StockAdjusted (no version) only fills in what no StockLevelChanged has told, newest time first', () => {
  const legacy = applyAll([adjusted('wh_1', 5, '2026-01-01T00:00:02Z')]);
  assert.equal(applyStockLevel(legacy, adjusted('wh_1', 0, '2026-01-01T00:00:01Z')), 'stale', 'an older count');
  assert.equal(isInStock([legacy]), true);
  // The first versioned level replaces the count, whatever its time; a count never undoes it.
  const versioned = applyAll([level('wh_1', 0, 1, '2025-12-31T00:00:00Z')], legacy);
  assert.equal(isInStock([versioned]), false);
  assert.equal(applyStockLevel(versioned, adjusted('wh_1', 9, '2026-01-02T00:00:00Z')), 'stale');
});

test('levels stored before versions (on hand only) still count, and any versioned level replaces them', () => {
  const old = { variantId: 'var_1', productId: 'prd_1', warehouses: { wh_1: { onHand: 2, at: Date.parse('2026-01-01T00:00:00Z') } } } as unknown as VariantStock;
  assert.equal(isInStock([old]), true);
  assert.equal(applyStockLevel(old, adjusted('wh_1', 0, '2025-01-01T00:00:00Z')), 'stale');
  const next = applyStockLevel(old, level('wh_1', 0, 1));
  assert.notEqual(next, 'stale');
  assert.equal(isInStock([next as VariantStock]), false);
  assert.equal((next as VariantStock).productId, 'prd_1', 'the product stays named');
});

test('levels a rebuild read go in as events of their versions would, and name the variant on its product', () => {
  const at = new Date(1_000).toISOString();
  const told = (reports: StockReport[]) => ({ variantId: 'var_1', productId: 'prd_1', reports });
  const first = applyOwnerLevels(undefined, told([
    { variantId: 'var_1', warehouseId: 'wh_a', available: 0, active: true, version: 4, at },
    { variantId: 'var_1', warehouseId: 'wh_b', available: 2, active: true, version: 1, at },
  ]));
  assert.notEqual(first, 'stale');
  if (first === 'stale') return;
  assert.equal(first.productId, 'prd_1');
  assert.deepEqual(Object.keys(first.warehouses).sort(), ['wh_a', 'wh_b']);
  assert.equal(isInStock([first]), true);
  // A newer event for wh_a came first: the rebuild's older level changes nothing there.
  const newer = applyStockLevel(first, { variantId: 'var_1', warehouseId: 'wh_a', available: 5, active: true, version: 6, at });
  assert.notEqual(newer, 'stale');
  assert.equal(applyOwnerLevels(newer as VariantStock, told([{ variantId: 'var_1', warehouseId: 'wh_a', available: 0, active: true, version: 5, at }])), 'stale');
  // The same levels again: nothing to write.
  assert.equal(applyOwnerLevels(first, told([{ variantId: 'var_1', warehouseId: 'wh_b', available: 2, active: true, version: 1, at }])), 'stale');
});
