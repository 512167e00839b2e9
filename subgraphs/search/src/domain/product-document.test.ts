import assert from 'node:assert/strict';
import { test } from 'node:test';
import { applyDeleted, applyRating, applySnapshot, isFindable, type CatalogSnapshot } from './product-document.ts';

const snapshot = (version: number, occurredAt: string, status: CatalogSnapshot['status'] = 'ACTIVE'): CatalogSnapshot => ({
  productId: 'prd_1',
  slug: 'mug',
  name: `Mug v${version}`,
  status,
  variants: [
    { variantId: 'var_1', price: { amount: 900, currency: 'EUR' } },
    { variantId: 'var_2', price: { amount: 1500, currency: 'EUR' } },
  ],
  productVersion: version,
  occurredAt,
});

test('a newer catalog version replaces the snapshot; the same or an older one is stale', () => {
  const v2 = applySnapshot(undefined, snapshot(2, '2026-01-01T00:00:02Z'));
  assert.notEqual(v2, 'stale');
  if (v2 === 'stale') return;
  assert.deepEqual([v2.priceMin, v2.priceMax, v2.name], [900, 1500, 'Mug v2']);
  assert.equal(applySnapshot(v2, snapshot(2, '2026-01-01T00:00:02Z')), 'stale');
  // Versions win over clocks: an older version with a later timestamp is still older.
  assert.equal(applySnapshot(v2, snapshot(1, '2026-01-01T00:00:09Z')), 'stale');
  assert.notEqual(applySnapshot(v2, snapshot(3, '2026-01-01T00:00:01Z')), 'stale');
});

test('a deleted product stays deleted and is never findable', () => {
  const active = applySnapshot(undefined, snapshot(1, '2026-01-01T00:00:01Z'));
  if (active === 'stale') throw new Error('expected a document');
  assert.equal(isFindable(active), true);
  const gone = applyDeleted(active, 'prd_1');
  if (gone === 'stale') throw new Error('expected a document');
  assert.equal(isFindable(gone), false);
  assert.equal(applySnapshot(gone, snapshot(5, '2026-01-01T00:00:05Z')), 'stale');
  assert.equal(applyDeleted(gone, 'prd_1'), 'stale');
});

test('drafts and products known only from a rating are not findable', () => {
  const draft = applySnapshot(undefined, snapshot(1, '2026-01-01T00:00:01Z', 'DRAFT'));
  if (draft === 'stale') throw new Error('expected a document');
  assert.equal(isFindable(draft), false);
  const rated = applyRating(undefined, { productId: 'prd_2', average: 4, count: 1, ratingVersion: 1 });
  if (rated === 'stale') throw new Error('expected a document');
  assert.equal(isFindable(rated), false);
  assert.equal(applyRating(rated, { productId: 'prd_2', average: 1, count: 1, ratingVersion: 1 }), 'stale');
});
