import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { newId } from '@commerce/service-kit';
import { gql, unique } from '@commerce/testkit';
import { adminAccessToken, routerSource, type OwnerPage } from '../../subgraphs/search/src/services/rebuild.ts';
import { startStack, type Stack } from './stack.ts';

const eur = (amount: string) => ({ amount, currencyCode: 'EUR' });

describe('search through the router: fed by the real catalog, inventory and reviews, resolved at catalog', () => {
  let stack: Stack;
  let admin: Record<string, string>;
  const warehouses: string[] = [];

  const call = (query: string, variables?: Record<string, unknown>, headers: Record<string, string> = {}) =>
    gql(stack.url, query, variables, headers);
  async function ok(query: string, variables: Record<string, unknown>, headers: Record<string, string> = {}) {
    const response = await call(query, variables, headers);
    assert.equal(response.errors, undefined, JSON.stringify(response.errors));
    assert.ok(response.data, `no data: HTTP ${response.status} ${JSON.stringify(response)}`);
    return response.data;
  }
  /** Polls a search until `check` holds; returns how long it took (ms). */
  async function eventually(variables: Record<string, unknown>, check: (data: Record<string, unknown>) => boolean, ms = 15_000) {
    const started = Date.now();
    for (;;) {
      const data = await ok(SEARCH, variables);
      if (check(data)) return Date.now() - started;
      if (Date.now() - started > ms) assert.fail(`search ${JSON.stringify(variables)} never satisfied the check: ${JSON.stringify(data)}`);
      await sleep(50);
    }
  }

  const SEARCH = `query StorefrontSearch($query: String, $filter: SearchFilter, $sort: SearchSort) {
    search(query: $query, filter: $filter, sort: $sort, first: 10) {
      totalCount
      edges { node { id name brand category { name } priceRange { min { amount } } variants { inStock } rating { average count } } highlights { field snippets } }
      facets { brands { brand count } categories { category { id name } count } availability { inStock outOfStock } }
    }
  }`;
  const ids = (data: Record<string, unknown>) =>
    ((data.search as { edges: { node: { id: string } | null }[] }).edges ?? []).map((edge) => edge.node?.id);

  before(async () => {
    stack = await startStack({ search: true });
    const login = await call('mutation ($input: LoginInput!) { login(input: $input) { accessToken } }', {
      input: { email: stack.admin.email, password: stack.admin.password },
    });
    admin = { authorization: `Bearer ${login.data!.login.accessToken}` };
  });
  after(async () => {
    for (const id of warehouses) await ok('mutation ($id: ID!) { setWarehouseActive(id: $id, active: false) { id } }', { id }, admin);
    await stack.close();
  });

  test('a product an admin creates is found by a typo, carries every product field, and follows its price, stock, rating and deletion', async () => {
    const word = `zq${unique('').replace(/[^a-z]/gi, '').toLowerCase().slice(-8)}`;
    const appliances = (await ok('mutation ($i: CategoryInput!) { createCategory(input: $i) { id } }', { i: { slug: unique('appl-'), name: 'Appliances' } }, admin)).createCategory;
    const kettles = (await ok('mutation ($i: CategoryInput!) { createCategory(input: $i) { id } }', { i: { slug: unique('kett-'), name: 'Kettles', parentId: appliances.id } }, admin)).createCategory;
    const code = unique('S-');
    warehouses.push((await ok('mutation ($i: CreateWarehouseInput!) { createWarehouse(input: $i) { id } }', { i: { code, name: code } }, admin)).createWarehouse.id);
    const create = 'mutation ($input: CreateProductInput!) { createProduct(input: $input) { id variants { id sku } } }';
    const kettle = (await ok(create, { input: { slug: unique('k-'), name: `Gooseneck kettle ${word}`, brand: 'Steep', categoryId: kettles.id, status: 'ACTIVE', variants: [{ sku: unique('K-'), price: eur('49.00') }] } }, admin)).createProduct;
    await ok(create, { input: { slug: unique('d-'), name: `Draft kettle ${word}`, brand: 'Steep', categoryId: kettles.id, status: 'DRAFT', variants: [{ sku: unique('D-'), price: eur('9.00') }] } }, admin);

    // "kettel": a typo; the category filter names the parent; only the ACTIVE one comes back.
    await eventually({ query: `kettel ${word}`, filter: { categoryId: appliances.id } }, (data) => ids(data).length === 1);
    const found = await ok(SEARCH, { query: `kettel ${word}`, filter: { categoryId: appliances.id } });
    const node = (found.search as { edges: { node: Record<string, unknown> }[] }).edges[0]!.node;
    assert.deepEqual(node, {
      id: kettle.id,
      name: `Gooseneck kettle ${word}`,
      brand: 'Steep',
      category: { name: 'Kettles' },
      priceRange: { min: { amount: '49.00' } },
      variants: [{ inStock: false }],
      rating: { average: null, count: 0 },
    });
    assert.deepEqual((found.search as { facets: { categories: unknown } }).facets.categories, [
      { category: { id: appliances.id, name: 'Appliances' }, count: 1 },
      { category: { id: kettles.id, name: 'Kettles' }, count: 1 },
    ]);

    // Stock arrives: searchable as in stock.
    const variantId = kettle.variants[0]!.id;
    await ok('mutation ($i: SetStockInput!) { setStock(input: $i) { available } }', { i: { variantId, warehouseId: warehouses[0], onHand: 4, reason: 'count' } }, admin);
    const stocked = await eventually({ query: word, filter: { inStock: true } }, (data) => ids(data).includes(kettle.id));
    // A price change is searchable by the new price.
    const sku = kettle.variants[0]!.sku;
    await ok('mutation ($u: [PriceUpdateInput!]!) { updatePrices(updates: $u) { updated } }', { u: [{ sku, price: eur('19.00') }] }, admin);
    const repriced = await eventually({ query: word, filter: { priceRange: { max: '20.00' } } }, (data) => ids(data).includes(kettle.id));
    // Sold out: no longer in stock.
    await ok('mutation ($i: SetStockInput!) { setStock(input: $i) { available } }', { i: { variantId, warehouseId: warehouses[0], onHand: 0, reason: 'count' } }, admin);
    const soldOut = await eventually({ query: word, filter: { inStock: false } }, (data) => ids(data).includes(kettle.id));
    for (const lag of [stocked, repriced, soldOut]) assert.ok(lag < 5_000, `searchable after ${lag} ms`);

    // A review's rating reaches search through reviews.events.
    const registered = await call('mutation ($input: RegisterInput!) { register(input: $input) { accessToken } }', {
      input: { email: `${unique()}@example.com`, password: 'a-long-password', firstName: 'Rae', lastName: 'Ter' },
    });
    const shopper = { authorization: `Bearer ${registered.data!.register.accessToken}` };
    await ok('mutation ($i: SubmitReviewInput!) { submitReview(input: $i) { id } }', { i: { productId: kettle.id, rating: 5, title: 'Great', body: 'Pours well' } }, shopper);
    await eventually({ query: word, filter: { minRating: 4.5 } }, (data) => ids(data).includes(kettle.id));

    // Suggestions through the router.
    const suggestions = await ok('query ($p: String!) { searchSuggestions(prefix: $p) { kind text product { slug } } }', { p: `goose ${word.slice(0, 5)}` });
    assert.deepEqual((suggestions.searchSuggestions as { text: string }[]).map((s) => s.text), [`Gooseneck kettle ${word}`]);

    await ok('mutation ($id: ID!) { deleteProduct(id: $id) }', { id: kettle.id }, admin);
    await eventually({ query: word }, (data) => ids(data).length === 0);
  });

  test('the rebuild reads through the router, as an admin, each warehouse level of a variant with the version inventory announced', async () => {
    const code = unique('L-');
    const [north, south] = await Promise.all(
      ['N', 'S'].map(async (side) => (await ok('mutation ($i: CreateWarehouseInput!) { createWarehouse(input: $i) { id } }', { i: { code: `${code}${side}`, name: code } }, admin)).createWarehouse.id as string),
    );
    warehouses.push(north!, south!);
    const create = 'mutation ($input: CreateProductInput!) { createProduct(input: $input) { id variants { id } } }';
    const lamp = (await ok(create, { input: { slug: unique('l-'), name: 'Rebuilt lamp', status: 'ACTIVE', variants: [{ sku: unique('L-'), price: eur('30.00') }] } }, admin)).createProduct;
    const draft = (await ok(create, { input: { slug: unique('d-'), name: 'Draft lamp', variants: [{ sku: unique('D-'), price: eur('30.00') }] } }, admin)).createProduct;
    const variantId = lamp.variants[0]!.id as string;
    const set = 'mutation ($i: SetStockInput!) { setStock(input: $i) { version } }';
    await ok(set, { i: { variantId, warehouseId: north, onHand: 3, reason: 'count' } }, admin);
    await ok(set, { i: { variantId, warehouseId: north, onHand: 2, reason: 'recount' } }, admin);
    const southVersion = (await ok(set, { i: { variantId, warehouseId: south, onHand: 7, reason: 'count' } }, admin)).setStock.version;

    // Newest first: both products are on the first page, if the source lets them through.
    // Signed in as the rebuild command signs in.
    const source = routerSource(stack.url, { accessToken: await adminAccessToken(stack.url, stack.admin) });
    const since = Date.now();
    let page: OwnerPage | undefined;
    for await (const first of source(since)) {
      page = first;
      break;
    }
    const ids = page!.documents.map((doc) => doc.id);
    assert.ok(ids.includes(lamp.id), 'the active product is read');
    assert.ok(!ids.includes(draft.id), 'a draft is not: customers never find one');
    const levels = page!.levels.filter((level) => level.variantId === variantId && (level.warehouseId === north || level.warehouseId === south));
    assert.deepEqual(
      levels.map(({ warehouseId, available, active, version, productId }) => ({ warehouseId, available, active, version, productId })).sort((a, b) => (a.warehouseId === north ? -1 : 1) - (b.warehouseId === north ? -1 : 1)),
      [
        { warehouseId: north, available: 2, active: true, version: 2, productId: lamp.id },
        { warehouseId: south, available: 7, active: true, version: southVersion, productId: lamp.id },
      ],
    );
    assert.ok(levels.every((level) => level.at === new Date(since).toISOString()));
  });

  test('an order reserving the last unit takes the product out of stock in search, its cancellation puts it back, and so does its warehouse leaving and rejoining fulfilment (inventory, its outbox, Kafka, search)', async () => {
    const word = `zq${unique('').replace(/[^a-z]/gi, '').toLowerCase().slice(-8)}`;
    const code = unique('R-');
    const warehouseId = (await ok('mutation ($i: CreateWarehouseInput!) { createWarehouse(input: $i) { id } }', { i: { code, name: code } }, admin)).createWarehouse.id;
    warehouses.push(warehouseId);
    const create = 'mutation ($input: CreateProductInput!) { createProduct(input: $input) { id variants { id sku } } }';
    const mug = (await ok(create, { input: { slug: unique('m-'), name: `Last mug ${word}`, status: 'ACTIVE', variants: [{ sku: unique('M-'), price: eur('12.00') }] } }, admin)).createProduct;
    const variant = mug.variants[0]!;
    await ok('mutation ($i: SetStockInput!) { setStock(input: $i) { available } }', { i: { variantId: variant.id, warehouseId, onHand: 1, reason: 'count' } }, admin);
    await eventually({ query: word, filter: { inStock: true } }, (data) => ids(data).includes(mug.id));

    // An order takes the only unit: inventory reserves it as its OrderPlaced handler does. The
    // stack's own inventory reserves and releases it, not an event on orders.events, which every
    // inventory consumer on the shared broker (other checkouts' stacks) would race to handle.
    const orderId = newId('ord');
    const reserved = await stack.inventory.reservations.reserve({ orderId, lines: [{ variantId: variant.id, quantity: 1 }] });
    assert.equal(reserved.kind, 'reserved');
    const soldOut = await eventually({ query: word, filter: { inStock: false } }, (data) => ids(data).includes(mug.id));
    // Still on hand: only what can be ordered counts, as inventory itself says.
    const found = await ok(SEARCH, { query: word, filter: { inStock: false } });
    assert.deepEqual((found.search as { edges: { node: { variants: unknown } }[] }).edges[0]!.node.variants, [{ inStock: false }]);
    const [item] = await stack.inventoryDataSource.query('select on_hand, reserved from stock_items where variant_id = $1 and warehouse_id = $2', [variant.id, warehouseId]);
    assert.deepEqual(item, { on_hand: 1, reserved: 1 });

    await stack.inventory.reservations.release(orderId, 'customer request');
    const back = await eventually({ query: word, filter: { inStock: true } }, (data) => ids(data).includes(mug.id));
    // From inventory's commit: its outbox relay, Kafka, search's consumer, the index refresh.
    for (const lag of [soldOut, back]) assert.ok(lag < 5_000, `searchable after ${lag} ms`);

    // The unit is in a warehouse taken out of fulfilment: on hand, not orderable.
    const setActive = 'mutation ($id: ID!, $active: Boolean!) { setWarehouseActive(id: $id, active: $active) { id } }';
    await ok(setActive, { id: warehouseId, active: false }, admin);
    await eventually({ query: word, filter: { inStock: false } }, (data) => ids(data).includes(mug.id));
    await ok(setActive, { id: warehouseId, active: true }, admin);
    await eventually({ query: word, filter: { inStock: true } }, (data) => ids(data).includes(mug.id));
  });
});
