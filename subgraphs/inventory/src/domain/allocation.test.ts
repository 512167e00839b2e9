import assert from 'node:assert/strict';
import { test } from 'node:test';
import { allocate, mergeLines, type WarehouseStock } from './allocation.ts';

const level = (warehouseId: string, onHand: number, reserved = 0, active = true): WarehouseStock => ({
  warehouseId,
  onHand,
  reserved,
  active,
});
const known = () => true;

test('a line one warehouse can cover goes to that warehouse alone, the one with most available', () => {
  const stock = new Map([['var_a', [level('wh_1', 5), level('wh_2', 8, 1), level('wh_3', 3)]]]);
  assert.deepEqual(allocate([{ variantId: 'var_a', quantity: 4 }], stock, known), {
    ok: true,
    lines: [{ variantId: 'var_a', quantity: 4, allocations: [{ warehouseId: 'wh_2', quantity: 4 }] }],
  });
});

test('a line no single warehouse can cover is split, fullest warehouses first, ties by warehouse id', () => {
  const stock = new Map([['var_a', [level('wh_c', 2), level('wh_b', 3), level('wh_a', 3)]]]);
  assert.deepEqual(allocate([{ variantId: 'var_a', quantity: 7 }], stock, known), {
    ok: true,
    lines: [
      {
        variantId: 'var_a',
        quantity: 7,
        allocations: [
          { warehouseId: 'wh_a', quantity: 3 },
          { warehouseId: 'wh_b', quantity: 3 },
          { warehouseId: 'wh_c', quantity: 1 },
        ],
      },
    ],
  });
});

test('one short line fails the whole order and reports every shortfall with what is available', () => {
  const stock = new Map([
    ['var_a', [level('wh_1', 10)]],
    ['var_b', [level('wh_1', 2, 1), level('wh_2', 1)]],
    ['var_c', [level('wh_1', 0)]],
  ]);
  const result = allocate(
    [
      { variantId: 'var_a', quantity: 1 },
      { variantId: 'var_b', quantity: 3 },
      { variantId: 'var_c', quantity: 1 },
    ],
    stock,
    known,
  );
  assert.deepEqual(result, {
    ok: false,
    reason: 'OUT_OF_STOCK',
    shortfalls: [
      { variantId: 'var_b', requested: 3, available: 2 },
      { variantId: 'var_c', requested: 1, available: 0 },
    ],
  });
});

test('unknown variants fail the order as UNKNOWN_VARIANT, even when other lines are also short', () => {
  const stock = new Map([['var_a', [level('wh_1', 0)]]]);
  const result = allocate(
    [
      { variantId: 'var_a', quantity: 1 },
      { variantId: 'var_x', quantity: 2 },
    ],
    stock,
    (id) => id !== 'var_x',
  );
  assert.deepEqual(result, { ok: false, reason: 'UNKNOWN_VARIANT', shortfalls: [{ variantId: 'var_x', requested: 2, available: 0 }] });
});

test('inactive warehouses and reserved units are never allocated', () => {
  const stock = new Map([['var_a', [level('wh_1', 5, 5), level('wh_2', 9, 0, false), level('wh_3', 2, 1)]]]);
  assert.deepEqual(allocate([{ variantId: 'var_a', quantity: 1 }], stock, known), {
    ok: true,
    lines: [{ variantId: 'var_a', quantity: 1, allocations: [{ warehouseId: 'wh_3', quantity: 1 }] }],
  });
  assert.deepEqual(allocate([{ variantId: 'var_a', quantity: 2 }], stock, known), {
    ok: false,
    reason: 'OUT_OF_STOCK',
    shortfalls: [{ variantId: 'var_a', requested: 2, available: 1 }],
  });
});

test('lines of the same variant are merged, so its stock is counted once for both', () => {
  assert.deepEqual(
    mergeLines([
      { variantId: 'var_b', quantity: 2 },
      { variantId: 'var_a', quantity: 1 },
      { variantId: 'var_b', quantity: 3 },
    ]),
    [
      { variantId: 'var_a', quantity: 1 },
      { variantId: 'var_b', quantity: 5 },
    ],
  );
  const stock = new Map([['var_b', [level('wh_1', 4)]]]);
  const twice = [
    { variantId: 'var_b', quantity: 2 },
    { variantId: 'var_b', quantity: 3 },
  ];
  assert.equal(allocate(twice, stock, known).ok, false, '2 + 3 units cannot come out of 4');
});

test('whatever the stock, an allocation covers each line exactly and never takes more than is available', () => {
  // A seeded generator (MINSTD) keeps a failing case reproducible.
  let seed = 42;
  const random = (max: number) => {
    seed = (seed * 48271) % 2147483647;
    return seed % max;
  };
  for (let round = 0; round < 500; round++) {
    const variants = ['var_a', 'var_b', 'var_c'];
    const stock = new Map(
      variants.map((variantId) => [
        variantId,
        ['wh_1', 'wh_2', 'wh_3'].map((warehouseId) => {
          const onHand = random(6);
          return level(warehouseId, onHand, random(onHand + 1), random(4) > 0);
        }),
      ]),
    );
    const lines = variants.slice(0, 1 + random(3)).map((variantId) => ({ variantId, quantity: 1 + random(8) }));
    const result = allocate(lines, stock, known);
    const availableOf = (variantId: string, warehouseId?: string) =>
      (stock.get(variantId) ?? [])
        .filter((l) => l.active && (warehouseId === undefined || l.warehouseId === warehouseId))
        .reduce((sum, l) => sum + l.onHand - l.reserved, 0);
    if (result.ok) {
      for (const line of result.lines) {
        assert.equal(line.allocations.reduce((sum, a) => sum + a.quantity, 0), line.quantity);
        for (const allocation of line.allocations) {
          assert.ok(allocation.quantity > 0);
          assert.ok(allocation.quantity <= availableOf(line.variantId, allocation.warehouseId));
        }
      }
    } else {
      assert.ok(result.shortfalls.length > 0);
      for (const shortfall of result.shortfalls) {
        assert.equal(shortfall.available, availableOf(shortfall.variantId));
        assert.ok(shortfall.available < shortfall.requested);
      }
    }
  }
});
