import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { errorCodes, gql, unique, type GraphQLResponse } from '@commerce/testkit';
import { startStack, type Stack } from './stack.ts';

const eur = (amount: string) => ({ amount, currencyCode: 'EUR' });

describe('the browsing graph: catalog, inventory and reviews composed', () => {
  let stack: Stack;
  let admin: Record<string, string>;
  let shopper: Record<string, string>;

  const call = (query: string, variables?: Record<string, unknown>, headers: Record<string, string> = {}) =>
    gql(stack.url, query, variables, headers);
  async function ok(query: string, variables: Record<string, unknown>, headers: Record<string, string>) {
    const response = await call(query, variables, headers);
    assert.equal(response.errors, undefined, JSON.stringify(response.errors));
    return response.data!;
  }

  before(async () => {
    stack = await startStack({ events: true });
    const login = await call('mutation ($input: LoginInput!) { login(input: $input) { accessToken } }', {
      input: { email: stack.admin.email, password: stack.admin.password },
    });
    admin = { authorization: `Bearer ${login.data!.login.accessToken}` };
    const registered = await call('mutation ($input: RegisterInput!) { register(input: $input) { accessToken } }', {
      input: { email: `${unique()}@example.com`, password: 'a-long-password', firstName: 'Sam', lastName: 'Shopper' },
    });
    shopper = { authorization: `Bearer ${registered.data!.register.accessToken}` };
  });

  // Switched off after the suite: the database outlives it, and an active warehouse gets a
  // zero stock row for every later variant.
  const warehouses: string[] = [];
  after(async () => {
    for (const id of warehouses) await ok('mutation ($id: ID!) { setWarehouseActive(id: $id, active: false) { id } }', { id }, admin);
    await stack.close();
  });

  async function createProduct(input: Record<string, unknown>) {
    return (
      await ok(
        'mutation ($input: CreateProductInput!) { createProduct(input: $input) { id slug variants { id sku } } }',
        { input: { status: 'ACTIVE', ...input } },
        admin,
      )
    ).createProduct as { id: string; slug: string; variants: { id: string; sku: string }[] };
  }

  test('an admin stocks a category; a customer browses, opens a product with stock and rating in one query, and reviews it', async () => {
    const tag = unique('shop');
    const kitchen = (await ok('mutation ($i: CategoryInput!) { createCategory(input: $i) { id slug } }', { i: { slug: unique('kitchen-'), name: 'Kitchen' } }, admin)).createCategory;
    const mugs = (await ok('mutation ($i: CategoryInput!) { createCategory(input: $i) { id slug } }', { i: { slug: unique('mugs-'), name: 'Mugs', parentId: kitchen.id } }, admin)).createCategory;
    for (const code of [unique('N-'), unique('S-')]) {
      warehouses.push((await ok('mutation ($i: CreateWarehouseInput!) { createWarehouse(input: $i) { id } }', { i: { code, name: code } }, admin)).createWarehouse.id);
    }
    const espresso = await createProduct({
      slug: unique('espresso-'),
      name: 'Espresso cup',
      categoryId: mugs.id,
      tags: [tag],
      variants: [
        { sku: unique('ESP-W-'), options: [{ name: 'Colour', value: 'White' }], price: eur('9.00') },
        { sku: unique('ESP-B-'), options: [{ name: 'Colour', value: 'Black' }], price: eur('9.00') },
      ],
    });
    const latte = await createProduct({ slug: unique('latte-'), name: 'Latte bowl', categoryId: mugs.id, tags: [tag], variants: [{ sku: unique('LAT-'), price: eur('14.00') }] });
    const tray = await createProduct({ slug: unique('tray-'), name: 'Tray', categoryId: kitchen.id, tags: [tag], variants: [{ sku: unique('TRY-'), price: eur('30.00') }] });
    await createProduct({ slug: unique('hidden-'), name: 'Draft jug', categoryId: mugs.id, tags: [tag], status: 'DRAFT', variants: [{ sku: unique('JUG-'), price: eur('1') }] });

    // Stock in two warehouses, then a price change.
    const [white, black] = espresso.variants;
    const setStock = 'mutation ($i: SetStockInput!) { setStock(input: $i) { available } }';
    await ok(setStock, { i: { variantId: white!.id, warehouseId: warehouses[0], onHand: 3, reason: 'initial count' } }, admin);
    await ok(setStock, { i: { variantId: white!.id, warehouseId: warehouses[1], onHand: 4, reason: 'initial count' } }, admin);
    await ok(setStock, { i: { variantId: latte.variants[0]!.id, warehouseId: warehouses[0], onHand: 2, reason: 'initial count' } }, admin);
    const repriced = await ok(
      'mutation ($u: [PriceUpdateInput!]!) { updatePrices(updates: $u) { updated notFound } }',
      { u: [{ sku: black!.sku, price: eur('11.50') }] },
      admin,
    );
    assert.deepEqual(repriced.updatePrices, { updated: 1, notFound: [] });

    // The category page includes the subcategory, hides the draft, filters, sorts and pages.
    const page = `query ($f: ProductFilter, $after: String) {
      products(filter: $f, sort: PRICE_ASC, first: 2, after: $after) {
        totalCount pageInfo { hasNextPage endCursor }
        edges { node { name priceRange { min { amount } max { amount } } } }
      } }`;
    const first = (await ok(page, { f: { categorySlug: kitchen.slug, tags: [tag] } }, shopper)).products;
    assert.equal(first.totalCount, 3);
    assert.deepEqual(first.edges.map((e: { node: { name: string } }) => e.node.name), ['Espresso cup', 'Latte bowl']);
    assert.deepEqual(first.edges[0].node.priceRange, { min: { amount: '9.00' }, max: { amount: '11.50' } });
    const second = (await ok(page, { f: { categorySlug: kitchen.slug, tags: [tag] }, after: first.pageInfo.endCursor }, shopper)).products;
    assert.deepEqual(second.edges.map((e: { node: { name: string } }) => e.node.name), ['Tray']);
    assert.equal(second.pageInfo.hasNextPage, false);
    const filtered = (await ok(page, { f: { categoryId: mugs.id, tags: [tag], minPrice: '10' } }, shopper)).products;
    assert.deepEqual(filtered.edges.map((e: { node: { name: string } }) => e.node.name), ['Espresso cup', 'Latte bowl']);

    // One query: variants and prices (catalog), stock (inventory), rating and reviews (reviews).
    const productPage = `query ($slug: String) { product(slug: $slug) {
        name category { breadcrumbs { name } }
        variants { title price { amount currencyCode } inStock stock { available } }
        rating { average count distribution { rating count } }
        reviews(first: 5) { totalCount edges { node { title rating verifiedPurchase author { firstName } } } }
      } }`;
    const before = (await ok(productPage, { slug: espresso.slug }, shopper)).product;
    assert.deepEqual(before.category.breadcrumbs.map((c: { name: string }) => c.name), ['Kitchen', 'Mugs']);
    assert.deepEqual(before.variants, [
      { title: 'White', price: { amount: '9.00', currencyCode: 'EUR' }, inStock: true, stock: { available: 7 } },
      { title: 'Black', price: { amount: '11.50', currencyCode: 'EUR' }, inStock: false, stock: { available: 0 } },
    ]);
    assert.equal(before.rating.count, 0);
    assert.equal(before.rating.average, null);

    // The review lands once the reviews service has heard of the product from catalog.events.
    const submit = 'mutation ($i: SubmitReviewInput!) { submitReview(input: $i) { id rating } }';
    const review = { productId: espresso.id, rating: 5, title: 'Perfect crema', body: 'Thick walls keep it hot.' };
    let submitted: GraphQLResponse | undefined;
    for (const deadline = Date.now() + 20_000; Date.now() < deadline; await sleep(200)) {
      submitted = await call(submit, { i: review }, shopper);
      if (errorCodes(submitted)[0] !== 'NOT_FOUND') break;
    }
    assert.equal(submitted?.errors, undefined, JSON.stringify(submitted?.errors));
    assert.deepEqual(errorCodes(await call(submit, { i: review }, shopper)), ['CONFLICT'], 'one review per product per customer');

    const afterReview = (await ok(productPage, { slug: espresso.slug }, shopper)).product;
    assert.equal(afterReview.rating.count, 1);
    assert.equal(afterReview.rating.average, 5);
    assert.deepEqual(afterReview.rating.distribution[0], { rating: 5, count: 1 });
    assert.deepEqual(afterReview.reviews.edges[0].node, { title: 'Perfect crema', rating: 5, verifiedPurchase: false, author: { firstName: 'Sam' } });
    // Stock numbers beyond availability stay admin-only.
    const detailed = await call('query ($slug: String) { product(slug: $slug) { variants { stock { onHand levels { onHand } } } } }', { slug: espresso.slug }, shopper);
    assert.ok(errorCodes(detailed).every((code) => code === 'FORBIDDEN') && errorCodes(detailed).length > 0);
    assert.equal(tray.slug.length > 0, true);
  });

  test('a page of 50 products with variants, stock and rating costs catalog and inventory the same round trips as a page of 5, and reviews at most one query per product', async () => {
    const tag = unique('bulk');
    const ids: string[] = [];
    for (let i = 0; i < 50; i++) {
      ids.push((await createProduct({ slug: unique('bulk-'), name: `Bulk ${i}`, tags: [tag], variants: [{ sku: unique('BULK-'), price: eur(`${i + 1}`) }] })).id);
    }
    // Let inventory and reviews finish taking in the 50 ProductCreated events first, so only
    // the page's own queries are counted.
    for (const deadline = Date.now() + 30_000; Date.now() < deadline; await sleep(200)) {
      const [{ count }] = await stack.inventoryDataSource.query('select count(*)::int as count from variants where product_id = any($1)', [ids]);
      const known = await stack.reviewsMongo.collection('products').countDocuments({ _id: { $in: ids as never[] } });
      if (count === 50 && known === 50) break;
    }
    let catalogCommands = 0;
    let reviewsCommands = 0;
    // The outbox relay polls and writes the catalog on its own; its commands are not the
    // page's. A page only reads, so writes are the relay's (or a back-fill's) by definition.
    const relayCollections = new Set(['outbox_leases', 'locks']);
    const reads = new Set(['find', 'aggregate', 'count', 'distinct', 'getMore']);
    stack.mongo.getClient().on('commandStarted', (event) => {
      const collection = event.command[event.commandName];
      const outboxScan = JSON.stringify(event.command.filter ?? {}).includes('outboxPending');
      if (reads.has(event.commandName) && !relayCollections.has(collection) && !outboxScan) catalogCommands++;
    });
    stack.reviewsMongo.getClient().on('commandStarted', (event) => {
      if (event.commandName !== 'hello') reviewsCommands++;
    });
    const query = `query ($f: ProductFilter, $n: Int) { products(filter: $f, first: $n) { edges { node {
        name variants { sku price { amount } inStock stock { available } }
        rating { average count } } } } }`;
    const cost = async (n: number) => {
      catalogCommands = 0;
      reviewsCommands = 0;
      stack.inventoryQueries.length = 0;
      const data = await ok(query, { f: { tags: [tag] }, n }, shopper);
      assert.equal(data.products.edges.length, n);
      return { catalog: catalogCommands, inventory: stack.inventoryQueries.length, reviews: reviewsCommands };
    };
    const small = await cost(5);
    const large = await cost(50);
    const seen = `round trips per subgraph for 5 products ${JSON.stringify(small)}, for 50 ${JSON.stringify(large)}`;
    assert.deepEqual({ ...large, reviews: 0 }, { ...small, reviews: 0 }, seen);
    // Reviews answers a batch with one pushed-down equality query per product (FerretDB scans
    // the whole collection for $in): never more than one per product, and one store batch
    // per page either way (subgraphs/reviews/test/batching.test.ts).
    assert.ok(large.reviews <= 50 && small.reviews <= 5, seen);
  });
});
