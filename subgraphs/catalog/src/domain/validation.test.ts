import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ancestorsUnder, checkMove, rebase, type Category } from './category.ts';
import { decodeCursor, encodeCursor } from './paging.ts';
import { catalogInputs, pageArgs } from './validation.ts';

const inputs = catalogInputs('EUR');
const variant = { sku: 'mug-blue', price: { amount: '12.50', currencyCode: 'EUR' } };

test('prices parse exactly in the store currency; other currencies and extra decimals are refused', () => {
  const parsed = inputs.variant.parse(variant);
  assert.deepEqual(parsed.price, { amount: 1250, currency: 'EUR' });
  assert.equal(parsed.sku, 'MUG-BLUE');
  assert.equal(inputs.variant.safeParse({ ...variant, price: { amount: '12.50', currencyCode: 'USD' } }).success, false);
  assert.equal(inputs.variant.safeParse({ ...variant, price: { amount: '12.505', currencyCode: 'EUR' } }).success, false);
  assert.equal(inputs.variant.safeParse({ ...variant, price: { amount: '-1', currencyCode: 'EUR' } }).success, false);
});

test('products need a slug and a name; tags are normalised and deduplicated', () => {
  const parsed = inputs.createProduct.parse({ slug: 'blue-mug', name: 'Mug', tags: ['Kitchen', 'kitchen ', 'gift'] });
  assert.deepEqual(parsed.tags, ['kitchen', 'gift']);
  assert.equal(parsed.status, 'DRAFT');
  const bad = inputs.createProduct.safeParse({ slug: 'Blue Mug', name: '', media: [{ url: 'javascript:alert(1)' }] });
  assert.deepEqual(bad.error?.issues.map((i) => i.path.join('.')).sort(), ['media.0.url', 'name', 'slug']);
});

test('price batches take 1 to 1000 entries', () => {
  assert.equal(inputs.priceUpdates.safeParse([]).success, false);
  assert.equal(inputs.priceUpdates.safeParse(Array.from({ length: 1001 }, () => variant)).success, false);
  assert.equal(inputs.priceUpdates.safeParse([variant]).success, true);
});

test('cursors round-trip and are refused for another sort or when forged', () => {
  const cursor = { sort: 'PRICE_ASC' as const, key: 1250, id: 'prd_1' };
  assert.deepEqual(decodeCursor(encodeCursor(cursor), 'PRICE_ASC'), cursor);
  assert.throws(() => decodeCursor(encodeCursor(cursor), 'NEWEST'), /not valid/);
  assert.throws(() => decodeCursor('garbage', 'NEWEST'), /not valid/);
});

test('categories cannot move under their own subtree; descendants are rebased', () => {
  const at = new Date();
  const root: Category = { id: 'a', slug: 'a', name: 'A', parentId: null, ancestors: [], createdAt: at };
  const child: Category = { id: 'b', slug: 'b', name: 'B', parentId: 'a', ancestors: ancestorsUnder(root), createdAt: at };
  const grandchild: Category = { id: 'c', slug: 'c', name: 'C', parentId: 'b', ancestors: ancestorsUnder(child), createdAt: at };
  assert.deepEqual(grandchild.ancestors, ['a', 'b']);
  assert.throws(() => checkMove(root, grandchild), /descendants/);
  assert.throws(() => checkMove(child, child), /itself/);
  const other: Category = { id: 'x', slug: 'x', name: 'X', parentId: null, ancestors: [], createdAt: at };
  assert.deepEqual(rebase(grandchild, child, ancestorsUnder(other)), ['x', 'b']);
});

test('paging: a first, after or sort left out or sent as null is the default', () => {
  assert.deepEqual(pageArgs.parse({}), { first: 20, sort: 'NEWEST' });
  assert.deepEqual(pageArgs.parse({ first: null, after: null, sort: null }), { first: 20, after: null, sort: 'NEWEST' });
  assert.deepEqual(pageArgs.parse({ first: 5, sort: 'PRICE_ASC' }), { first: 5, sort: 'PRICE_ASC' });
  assert.equal(pageArgs.safeParse({ sort: 'SIDEWAYS' }).success, false);
});
