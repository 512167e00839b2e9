import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { newId } from '@commerce/service-kit';
import { errorCodes } from '@commerce/testkit';
import {
  SEARCH,
  productCreated,
  productDeleted,
  productUpdated,
  priceChanged,
  ratingChanged,
  startHarness,
  stockAdjusted,
  type Harness,
  type ProductSpec,
} from './support.ts';

const HOME = 'cat_home';
const KITCHEN = 'cat_kitchen';
const GARDEN = 'cat_garden';
const categories = [
  { id: HOME, name: 'Home', parentId: null },
  { id: KITCHEN, name: 'Kitchen Appliances', parentId: HOME },
  { id: GARDEN, name: 'Garden', parentId: null },
];

/** A small fixed catalog: every count below is counted by hand from this table. */
const catalog: (ProductSpec & { id: string; stock: number; rating: number | null })[] = [
  { id: newId('prd'), name: 'Electric Kettle', description: 'Boils water fast', brand: 'Acme', categoryId: KITCHEN, tags: ['steel'], prices: [3_000], stock: 5, rating: 4.5 },
  { id: newId('prd'), name: 'Glass Kettle', description: 'See the water boil', brand: 'Brew', categoryId: KITCHEN, tags: ['glass'], prices: [4_500], stock: 0, rating: 3.5 },
  { id: newId('prd'), name: 'Kettle Descaler', description: 'Cleans any kettle', brand: 'Acme', categoryId: KITCHEN, tags: [], prices: [800], stock: 9, rating: null },
  { id: newId('prd'), name: 'Toaster', description: 'Two slots, steel body', brand: 'Acme', categoryId: KITCHEN, tags: ['steel'], prices: [6_000, 12_000], stock: 2, rating: 4.0 },
  { id: newId('prd'), name: 'Garden Hose', description: 'Twenty metres', brand: 'Verde', categoryId: GARDEN, tags: [], prices: [2_000], stock: 0, rating: 2.0 },
  { id: newId('prd'), name: 'Television Stand', description: 'Oak stand for a television', brand: 'Brew', categoryId: HOME, tags: [], prices: [25_000], stock: 1, rating: 5.0 },
];
const draft = { id: newId('prd'), name: 'Secret Kettle Prototype', brand: 'Acme', categoryId: KITCHEN, status: 'DRAFT' as const, prices: [100] };
const deleted = { id: newId('prd'), name: 'Discontinued Kettle', brand: 'Acme', categoryId: KITCHEN, prices: [100] };

describe('search over the real OpenSearch', () => {
  let h: Harness;
  const ids = (response: Awaited<ReturnType<Harness['search']>>) =>
    (response.data?.search?.edges ?? []).map((e: { node: { id: string } }) => e.node.id) as string[];
  const nameOf = (id: string) => [...catalog, draft, deleted].find((p) => p.id === id)?.name;
  const names = async (variables: Record<string, unknown>) => {
    const response = await h.search(SEARCH, variables);
    assert.equal(response.errors, undefined, JSON.stringify(response.errors));
    return ids(response).map(nameOf);
  };

  before(async () => {
    h = await startHarness(categories);
    for (const spec of catalog) {
      const created = productCreated(spec);
      await h.indexer.handle(created);
      await h.indexer.handle(stockAdjusted(created.data.variants[0]!.variantId, spec.stock));
      if (spec.rating !== null) await h.indexer.handle(ratingChanged(spec.id, spec.rating, 3, 1));
    }
    await h.indexer.handle(productCreated(draft));
    await h.indexer.handle(productCreated(deleted));
    await h.indexer.handle(productDeleted(deleted.id, 2));
    await h.store.refresh();
  });

  after(async () => {
    await h.close();
  });

  test('the best match comes first: a name match outranks a description match', async () => {
    assert.deepEqual((await names({ query: 'kettle' })).slice(0, 3).sort(), ['Electric Kettle', 'Glass Kettle', 'Kettle Descaler']);
    assert.equal((await names({ query: 'electric kettle' }))[0], 'Electric Kettle');
    assert.equal((await names({ query: 'descaler' }))[0], 'Kettle Descaler');
  });

  test('a typo still finds the product ("kettel" finds the kettles)', async () => {
    const found = await names({ query: 'kettel' });
    assert.ok(found.includes('Electric Kettle') && found.includes('Glass Kettle'), String(found));
    assert.equal((await names({ query: 'tosater' }))[0], 'Toaster');
  });

  test('word beginnings match while typing, and synonyms match ("tv" finds the television stand)', async () => {
    assert.ok((await names({ query: 'toas' })).includes('Toaster'));
    assert.deepEqual(await names({ query: 'tv' }), ['Television Stand']);
  });

  test('drafts and deleted products are never found, by words or by listing', async () => {
    const all = await names({ query: '', first: 100 });
    assert.equal(all.length, catalog.length);
    assert.ok(!all.includes(draft.name) && !all.includes(deleted.name));
    assert.ok(!(await names({ query: 'secret prototype' })).includes(draft.name));
    assert.ok(!(await names({ query: 'discontinued' })).includes(deleted.name));
  });

  test('each facet counts the matches with every other filter applied', async () => {
    const response = await h.search(SEARCH, { query: '', filter: { brands: ['Acme'], inStock: true }, first: 100 });
    const search = response.data?.search;
    // Acme and in stock: Electric Kettle, Kettle Descaler, Toaster.
    assert.equal(search.totalCount, 3);
    // Brands ignore the brand filter: in stock are Electric Kettle, Descaler, Toaster (Acme), Television Stand (Brew).
    assert.deepEqual(search.facets.brands, [
      { brand: 'Acme', count: 3 },
      { brand: 'Brew', count: 1 },
    ]);
    // Availability ignores inStock: Acme has 3 in stock and none out.
    assert.deepEqual(search.facets.availability, { inStock: 3, outOfStock: 0 });
    // Categories roll up: all 3 are in Kitchen Appliances, under Home.
    assert.deepEqual(search.facets.categories, [
      { category: { id: HOME }, count: 3 },
      { category: { id: KITCHEN }, count: 3 },
    ]);
    // Prices (a product counts in each bucket one of its variants falls in): 8.00, 30.00, 60.00 and 120.00.
    assert.deepEqual(
      search.facets.prices.map((p: { count: number }) => p.count),
      [1, 1, 1, 1, 0, 0],
    );
    assert.deepEqual(search.facets.prices[0], { min: null, max: '25.00', count: 1 });
    // Ratings: Electric Kettle 4.5 and Toaster 4.0 are both at least 4; the Descaler has none.
    assert.deepEqual(search.facets.ratings, [
      { minRating: 4, count: 2 },
      { minRating: 3, count: 2 },
      { minRating: 2, count: 2 },
      { minRating: 1, count: 2 },
    ]);
  });

  test('filters: a category includes its descendants, and price, tags and rating narrow the results', async () => {
    assert.equal((await names({ filter: { categoryId: HOME }, first: 100 })).length, 5);
    assert.deepEqual(await names({ filter: { categoryId: GARDEN } }), ['Garden Hose']);
    assert.deepEqual((await names({ filter: { tags: ['steel'] } })).sort(), ['Electric Kettle', 'Toaster']);
    // The toaster's second variant costs 120.00: a variant in range is enough.
    assert.deepEqual((await names({ filter: { priceRange: { min: '100.00', max: '150.00' } } })), ['Toaster']);
    assert.deepEqual((await names({ filter: { minRating: 4.5 }, sort: 'RATING' })), ['Television Stand', 'Electric Kettle']);
  });

  test('sorts by price both ways and pages with cursors without repeats', async () => {
    const ascending = await names({ sort: 'PRICE_ASC', first: 100 });
    assert.deepEqual(ascending, ['Kettle Descaler', 'Garden Hose', 'Electric Kettle', 'Glass Kettle', 'Toaster', 'Television Stand']);
    assert.equal((await names({ sort: 'PRICE_DESC', first: 1 }))[0], 'Television Stand');
    const first = await h.search(SEARCH, { sort: 'PRICE_ASC', first: 4 });
    const second = await h.search(SEARCH, { sort: 'PRICE_ASC', first: 4, after: first.data?.search.pageInfo.endCursor });
    assert.equal(first.data?.search.pageInfo.hasNextPage, true);
    assert.deepEqual([...ids(first), ...ids(second)].map(nameOf), ascending);
    assert.equal(second.data?.search.pageInfo.hasNextPage, false);
  });

  test('matches are highlighted', async () => {
    const response = await h.search(SEARCH, { query: 'glass' });
    const highlights = response.data?.search.edges[0].highlights as { field: string; snippets: string[] }[];
    assert.ok(highlights.some((hl) => hl.field === 'name' && hl.snippets[0] === '<em>Glass</em> Kettle'), JSON.stringify(highlights));
  });

  test('suggestions offer categories and product names by word beginnings', async () => {
    const response = await h.search(
      'query ($prefix: String!) { searchSuggestions(prefix: $prefix) { kind text product { id } category { id } } }',
      { prefix: 'kit' },
    );
    assert.deepEqual(response.data?.searchSuggestions, [{ kind: 'CATEGORY', text: 'Kitchen Appliances', product: null, category: { id: KITCHEN } }]);
    const kettles = await h.search('query { searchSuggestions(prefix: "elec ket") { kind text } }');
    assert.deepEqual(kettles.data?.searchSuggestions, [{ kind: 'PRODUCT', text: 'Electric Kettle' }]);
    const none = await h.search('query { searchSuggestions(prefix: "secret") { text } }');
    assert.deepEqual(none.data?.searchSuggestions, []);
  });

  test('bad input is a BAD_USER_INPUT with the field, or a sane answer, never an engine error', async () => {
    const codeOf = async (variables: Record<string, unknown>) => errorCodes(await h.search(SEARCH, variables));
    assert.deepEqual(await codeOf({ query: 'x'.repeat(10_000) }), ['BAD_USER_INPUT']);
    assert.deepEqual(await codeOf({ first: 1_000_000 }), ['BAD_USER_INPUT']);
    assert.deepEqual(await codeOf({ first: -1 }), ['BAD_USER_INPUT']);
    assert.deepEqual(await codeOf({ after: 'not-a-cursor' }), ['BAD_USER_INPUT']);
    assert.deepEqual(await codeOf({ filter: { priceRange: { min: 'cheap' } } }), ['BAD_USER_INPUT']);
    assert.deepEqual(await codeOf({ filter: { minRating: 9 } }), ['BAD_USER_INPUT']);
    const tooLong = await h.search(SEARCH, { query: 'x'.repeat(10_000) });
    assert.equal(tooLong.errors?.[0]?.extensions?.field, 'query');
    // Query syntax is plain text here: no error, and the kettle still found.
    for (const query of ['kettle AND (', '"kettle', 'kettle~2^5 OR title:*', '\\/{}[]!:+-&&||', '   ', '<script>']) {
      const response = await h.search(SEARCH, { query });
      assert.equal(response.errors, undefined, `${query}: ${JSON.stringify(response.errors)}`);
    }
    assert.ok((await names({ query: 'kettle AND (' })).includes('Electric Kettle'));
    const empty = await h.search('query { searchSuggestions(prefix: "") { text } }');
    assert.deepEqual(errorCodes(empty), ['BAD_USER_INPUT']);
  });
});

describe('the index fed by events', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(async () => {
    await h.close();
  });

  const found = async (query: string, filter: Record<string, unknown> = {}) => {
    await h.store.refresh();
    const response = await h.search(SEARCH, { query, filter, first: 100 });
    assert.equal(response.errors, undefined);
    return (response.data?.search.edges as { node: { id: string } }[]).map((e) => e.node.id);
  };

  test('duplicate and out-of-order catalog events change nothing', async () => {
    const id = newId('prd');
    const t0 = Date.now() - 10_000;
    const v1 = productCreated({ id, name: 'Walnut Desk', prices: [10_000], at: new Date(t0) });
    const v2 = productUpdated(v1, { name: 'Walnut Standing Desk', version: 2, at: new Date(t0 + 1_000) });
    const v3 = productUpdated(v1, { name: 'Walnut Standing Desk', status: 'DRAFT', version: 3, at: new Date(t0 + 2_000) });
    assert.equal(await h.indexer.handle(v1), 'applied');
    assert.equal(await h.indexer.handle(v3), 'applied');
    // v2 arrives late, v1 and v3 again: all stale.
    assert.deepEqual([await h.indexer.handle(v2), await h.indexer.handle(v1), await h.indexer.handle(v3)], ['stale', 'stale', 'stale']);
    assert.deepEqual(await found('walnut'), []);
    const v4 = productUpdated(v1, { name: 'Walnut Standing Desk', status: 'ACTIVE', version: 4, at: new Date(t0 + 3_000) });
    assert.equal(await h.indexer.handle(v4), 'applied');
    assert.deepEqual(await found('standing desk'), [id]);

    const deletedEvent = productDeleted(id, 5);
    assert.equal(await h.indexer.handle(deletedEvent), 'applied');
    assert.equal(await h.indexer.handle(deletedEvent), 'stale');
    // A snapshot published before the delete but delivered after it cannot bring it back.
    assert.equal(await h.indexer.handle(productUpdated(v1, { status: 'ACTIVE', version: 6 })), 'stale');
    assert.deepEqual(await found('walnut'), []);
  });

  test('a late price change does not undo a newer one, and the new price is searchable', async () => {
    const id = newId('prd');
    const created = productCreated({ id, name: 'Copper Pan', prices: [5_000], at: new Date(Date.now() - 10_000) });
    const variantId = created.data.variants[0]!.variantId;
    await h.indexer.handle(created);
    const newer = priceChanged(id, variantId, 2_000, new Date(Date.now() - 1_000));
    const older = priceChanged(id, variantId, 9_000, new Date(Date.now() - 5_000));
    assert.equal(await h.indexer.handle(newer), 'applied');
    assert.equal(await h.indexer.handle(older), 'stale');
    assert.equal(await h.indexer.handle(newer), 'stale');
    assert.deepEqual(await found('copper', { priceRange: { max: '20.00' } }), [id]);
    assert.deepEqual(await found('copper', { priceRange: { min: '50.00' } }), []);
  });

  test('stock counted before the product is known still makes it available; an older count does not undo a newer one', async () => {
    const id = newId('prd');
    const variantId = newId('var');
    const now = Date.now();
    assert.equal(await h.indexer.handle(stockAdjusted(variantId, 4, new Date(now - 2_000))), 'applied');
    await h.indexer.handle(productCreated({ id, name: 'Linen Apron', prices: [1_500] }, [variantId]));
    assert.deepEqual(await found('apron', { inStock: true }), [id]);
    assert.equal(await h.indexer.handle(stockAdjusted(variantId, 0, new Date(now))), 'applied');
    assert.equal(await h.indexer.handle(stockAdjusted(variantId, 7, new Date(now - 1_000))), 'stale');
    assert.deepEqual(await found('apron', { inStock: true }), []);
    assert.deepEqual(await found('apron', { inStock: false }), [id]);
  });

  test('ratings apply newest version first whatever the order, and a rating alone never makes a product findable', async () => {
    const id = newId('prd');
    await h.indexer.handle(ratingChanged(id, 5, 1, 2));
    assert.deepEqual(await found(''), (await found('')).filter((x) => x !== id));
    assert.ok(!(await found('')).includes(id));
    await h.indexer.handle(productCreated({ id, name: 'Bamboo Tray' }));
    assert.equal(await h.indexer.handle(ratingChanged(id, 1, 1, 1)), 'stale');
    assert.deepEqual(await found('tray', { minRating: 5 }), [id]);
  });
});
