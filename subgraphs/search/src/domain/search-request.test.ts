import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SearchInputError } from './errors.ts';
import { descendantsOf, matchCategories, rollUpCategories } from './facets.ts';
import { checkPage, decodeCursor, encodeCursor, normalizeText, searchBody } from './search-request.ts';

test('query text is trimmed and capped; syntax characters stay plain text', () => {
  assert.equal(normalizeText('  kettle \n\t AND (  '), 'kettle AND (');
  assert.equal(normalizeText(undefined), '');
  assert.throws(() => normalizeText('x'.repeat(201)), SearchInputError);
  assert.throws(() => normalizeText('x'.repeat(10_000)), SearchInputError);
});

test('pages: first 0 to 100, cursors round-trip, nothing past the result window', () => {
  assert.deepEqual(checkPage(undefined, undefined), { first: 20, offset: 0 });
  assert.equal(decodeCursor(encodeCursor(41)), 42);
  assert.throws(() => checkPage(1_000_000, undefined), SearchInputError);
  assert.throws(() => checkPage(10, 'garbage'), SearchInputError);
  assert.throws(() => checkPage(100, encodeCursor(9_950)), SearchInputError);
});

test('each facet aggregation leaves out its own filter and keeps the others', () => {
  const body = searchBody({ text: '', filter: { brands: ['Acme'], inStock: true }, sort: 'RELEVANCE', first: 10, offset: 0 }) as {
    aggs: Record<string, { filter: { bool: { filter: unknown[] } } }>;
  };
  assert.deepEqual(body.aggs.brand!.filter.bool.filter, [{ term: { inStock: true } }]);
  assert.deepEqual(body.aggs.availability!.filter.bool.filter, [{ terms: { 'brand.keyword': ['Acme'] } }]);
  assert.equal(body.aggs.price!.filter.bool.filter.length, 2);
});

const tree = new Map([
  ['a', { id: 'a', name: 'Home', parentId: null }],
  ['b', { id: 'b', name: 'Kitchen', parentId: 'a' }],
  ['c', { id: 'c', name: 'Small Appliances', parentId: 'b' }],
]);

test('categories: descendants, counts rolled up to ancestors, names matched by word beginnings', () => {
  assert.deepEqual(descendantsOf('a', tree), ['a', 'b', 'c']);
  assert.deepEqual([...rollUpCategories(new Map([['c', 2], ['b', 1]]), tree)], [['c', 2], ['b', 3], ['a', 3]]);
  assert.deepEqual(matchCategories('app', tree, 5).map((c) => c.id), ['c']);
  assert.deepEqual(matchCategories('', tree, 5), []);
});
