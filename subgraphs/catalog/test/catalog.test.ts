import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Connection } from 'mongoose';
import { connectMongo, type SubgraphServer } from '@commerce/service-kit';
import { createTestIssuer, errorCodes, gql, infra, testLogger, unique, type TestIssuer } from '@commerce/testkit';
import { createDeps } from '../src/deps.ts';
import { createServer } from '../src/server.ts';

const ADMIN = { id: 'cus_01JD3ZK5W7Y8X9Q2R3S4T5V6W7', roles: ['CUSTOMER' as const, 'ADMIN' as const] };
const SHOPPER = { id: 'cus_01JD3ZK5W7Y8X9Q2R3S4T5V6W8', roles: ['CUSTOMER' as const] };
const eur = (amount: string) => ({ amount, currencyCode: 'EUR' });

const PRODUCT_FIELDS = `id slug name status brand tags category { slug } priceRange { min { amount } max { amount } }
  variants { id sku title price { amount minorUnits currencyCode } compareAtPrice { amount } }`;

describe('catalog subgraph against FerretDB', () => {
  let mongo: Connection;
  let server: SubgraphServer;
  let url: string;
  let issuer: TestIssuer;
  let admin: Record<string, string>;
  let shopper: Record<string, string>;
  let commands = 0;

  before(async () => {
    issuer = await createTestIssuer();
    admin = { authorization: await issuer.bearer(ADMIN) };
    shopper = { authorization: await issuer.bearer(SHOPPER) };
    mongo = await connectMongo(infra.mongoUrl('catalog'), { monitorCommands: true });
    mongo.getClient().on('commandStarted', () => commands++);
    const deps = await createDeps({ connection: mongo, logger: testLogger('catalog'), verifyToken: issuer.verifyToken, currency: 'EUR' });
    server = await createServer(deps);
    url = `http://127.0.0.1:${await server.listen(0, '127.0.0.1')}/graphql`;
  });

  after(async () => {
    await server.close();
    await mongo.close();
  });

  const call = (query: string, variables?: Record<string, unknown>, headers: Record<string, string> = admin) =>
    gql(url, query, variables, headers);

  async function createProduct(input: Record<string, unknown>) {
    const response = await call(`mutation ($input: CreateProductInput!) { createProduct(input: $input) { ${PRODUCT_FIELDS} } }`, { input });
    assert.equal(response.errors, undefined, JSON.stringify(response.errors));
    return response.data!.createProduct;
  }
  async function createCategory(slug: string, parentId?: string) {
    const response = await call('mutation ($input: CategoryInput!) { createCategory(input: $input) { id slug } }', {
      input: { slug, name: slug, parentId },
    });
    assert.equal(response.errors, undefined, JSON.stringify(response.errors));
    return response.data!.createCategory as { id: string; slug: string };
  }
  const productDoc = (id: string) => mongo.collection('products').findOne({ _id: id as never });

  test('an admin creates a product with variants; customers see it only once it is active', async () => {
    const slug = unique('mug-');
    const product = await createProduct({
      slug,
      name: 'Stoneware mug',
      brand: 'Kiln',
      tags: ['Kitchen'],
      attributes: [{ name: 'Material', value: 'Stoneware' }],
      media: [{ url: 'https://cdn.example.com/mug.jpg', altText: 'A blue mug' }],
      variants: [
        { sku: unique('mug-blue-'), options: [{ name: 'Colour', value: 'Blue' }], price: eur('12.50'), compareAtPrice: eur('15.00') },
        { sku: unique('mug-red-'), options: [{ name: 'Colour', value: 'Red' }], price: eur('14.00'), weightGrams: 350 },
      ],
    });
    assert.equal(product.status, 'DRAFT');
    assert.match(product.variants[0].id, /^var_/);
    assert.deepEqual(product.variants[0].price, { amount: '12.50', minorUnits: '1250', currencyCode: 'EUR' });
    assert.equal(product.variants[0].title, 'Blue');
    assert.deepEqual(product.priceRange, { min: { amount: '12.50' }, max: { amount: '14.00' } });

    const bySlug = 'query ($slug: String) { product(slug: $slug) { id name attributes { name value } media { url altText kind } } }';
    assert.equal((await call(bySlug, { slug }, shopper)).data?.product, null, 'drafts are hidden from customers');
    assert.equal((await call(bySlug, { slug }, {})).data?.product, null, 'and from anonymous visitors');
    await call('mutation ($id: ID!) { updateProduct(id: $id, input: { status: ACTIVE }) { id } }', { id: product.id });
    const seen = (await call(bySlug, { slug }, {})).data?.product;
    assert.deepEqual(seen, {
      id: product.id,
      name: 'Stoneware mug',
      attributes: [{ name: 'Material', value: 'Stoneware' }],
      media: [{ url: 'https://cdn.example.com/mug.jpg', altText: 'A blue mug', kind: 'IMAGE' }],
    });
  });

  test('a category tree gives breadcrumbs, children, and category pages that include descendants', async () => {
    const tag = unique('tree');
    const root = await createCategory(unique('home-'));
    const kitchen = await createCategory(unique('kitchen-'), root.id);
    const mugs = await createCategory(unique('mugs-'), kitchen.id);
    const inRoot = await createProduct({ slug: unique('p-'), name: 'Rug', categoryId: root.id, tags: [tag], status: 'ACTIVE', variants: [{ sku: unique('s-'), price: eur('50') }] });
    const inMugs = await createProduct({ slug: unique('p-'), name: 'Mug', categoryId: mugs.id, tags: [tag], status: 'ACTIVE', variants: [{ sku: unique('s-'), price: eur('10') }] });
    await createProduct({ slug: unique('p-'), name: 'Elsewhere', tags: [tag], status: 'ACTIVE', variants: [{ sku: unique('s-'), price: eur('10') }] });

    const tree = await call('query ($slug: String!) { category(slug: $slug) { name breadcrumbs { slug } children { slug children { slug } } } }', { slug: root.slug }, {});
    assert.deepEqual(tree.data?.category.children, [{ slug: kitchen.slug, children: [{ slug: mugs.slug }] }]);
    const crumbs = await call('query ($slug: String!) { category(slug: $slug) { breadcrumbs { slug } } }', { slug: mugs.slug }, {});
    assert.deepEqual(crumbs.data?.category.breadcrumbs.map((c: { slug: string }) => c.slug), [root.slug, kitchen.slug, mugs.slug]);

    const page = 'query ($filter: ProductFilter) { products(filter: $filter) { totalCount edges { node { id } } } }';
    const ids = async (filter: Record<string, unknown>) =>
      (await call(page, { filter: { tags: [tag], ...filter } }, {})).data!.products.edges.map((e: { node: { id: string } }) => e.node.id).sort();
    assert.deepEqual(await ids({ categorySlug: root.slug }), [inRoot.id, inMugs.id].sort());
    assert.deepEqual(await ids({ categoryId: kitchen.id }), [inMugs.id]);

    const cycle = await call('mutation ($id: ID!, $p: ID) { updateCategory(id: $id, input: { parentId: $p }) { id } }', { id: root.id, p: mugs.id });
    assert.deepEqual(errorCodes(cycle), ['CONFLICT']);
    assert.deepEqual(errorCodes(await call('mutation ($id: ID!) { deleteCategory(id: $id) }', { id: kitchen.id })), ['CONFLICT']);
    // Moving a subtree carries its descendants' breadcrumbs along.
    await call('mutation ($id: ID!) { updateCategory(id: $id, input: { parentId: null }) { id } }', { id: kitchen.id });
    const moved = await call('query ($slug: String!) { category(slug: $slug) { breadcrumbs { slug } } }', { slug: mugs.slug }, {});
    assert.deepEqual(moved.data?.category.breadcrumbs.map((c: { slug: string }) => c.slug), [kitchen.slug, mugs.slug]);
  });

  test('filters by brand, tags and price, sorts four ways and pages with stable cursors', async () => {
    const tag = unique('shelf');
    const brand = unique('Brand');
    const made = [];
    for (const [name, price] of [['Delta', '30'], ['Alpha', '10'], ['Charlie', '25.50'], ['Bravo', '20'], ['Echo', '40']] as const) {
      made.push(await createProduct({ slug: unique('p-'), name, brand, tags: [tag, name.toLowerCase()], status: 'ACTIVE', variants: [{ sku: unique('s-'), price: eur(price) }] }));
    }
    await createProduct({ slug: unique('p-'), name: 'Draft', brand, tags: [tag], variants: [{ sku: unique('s-'), price: eur('1') }] });
    const names = async (sort: string | null, filter: Record<string, unknown> = {}, headers: Record<string, string> = {}) => {
      const seen: string[] = [];
      let after: string | null = null;
      let total = 0;
      do {
        const response: Awaited<ReturnType<typeof call>> = await call(
          'query ($filter: ProductFilter, $sort: ProductSort, $after: String) { products(filter: $filter, sort: $sort, first: 2, after: $after) { totalCount edges { node { name } } pageInfo { hasNextPage endCursor } } }',
          { filter: { tags: [tag], ...filter }, sort, after },
          headers,
        );
        assert.equal(response.errors, undefined, JSON.stringify(response.errors));
        const { edges, pageInfo, totalCount } = response.data!.products;
        total = totalCount;
        seen.push(...edges.map((e: { node: { name: string } }) => e.node.name));
        after = pageInfo.hasNextPage ? pageInfo.endCursor : null;
      } while (after);
      assert.equal(seen.length, total, 'pages add up to the total');
      return seen;
    };
    assert.deepEqual(await names('NEWEST'), ['Echo', 'Bravo', 'Charlie', 'Alpha', 'Delta']);
    // A sort sent as null (a variable left null) is the default, not a server error.
    assert.deepEqual(await names(null), ['Echo', 'Bravo', 'Charlie', 'Alpha', 'Delta']);
    assert.deepEqual(await names('NAME_ASC'), ['Alpha', 'Bravo', 'Charlie', 'Delta', 'Echo']);
    assert.deepEqual(await names('PRICE_ASC'), ['Alpha', 'Bravo', 'Charlie', 'Delta', 'Echo']);
    assert.deepEqual(await names('PRICE_DESC'), ['Echo', 'Delta', 'Charlie', 'Bravo', 'Alpha']);
    assert.deepEqual(await names('PRICE_ASC', { minPrice: '20', maxPrice: '30' }), ['Bravo', 'Charlie', 'Delta']);
    assert.deepEqual(await names('NAME_ASC', { brand, tags: [tag, 'echo'] }), ['Echo']);
    assert.deepEqual(await names('NAME_ASC', { status: ['DRAFT'] }, admin), ['Draft']);
    assert.deepEqual(errorCodes(await call('{ products(filter: { status: [DRAFT] }) { totalCount } }', undefined, shopper)), ['FORBIDDEN']);
    assert.deepEqual(errorCodes(await call('{ products(after: "bogus") { totalCount } }', undefined, {})), ['BAD_USER_INPUT']);
    assert.deepEqual(errorCodes(await call('{ products(filter: { minPrice: "ten" }) { totalCount } }', undefined, {})), ['BAD_USER_INPUT']);
    assert.equal(made.length, 5);
  });

  test('variants: add, update, remove; SKUs are unique across products', async () => {
    const sku = unique('SKU-');
    const first = await createProduct({ slug: unique('p-'), name: 'First', variants: [{ sku, price: eur('5') }] });
    const second = await createProduct({ slug: unique('p-'), name: 'Second' });
    const add = 'mutation ($id: ID!, $input: VariantInput!) { addVariant(productId: $id, input: $input) { id sku product { id } } }';
    assert.deepEqual(errorCodes(await call(add, { id: second.id, input: { sku: sku.toLowerCase(), price: eur('6') } })), ['CONFLICT']);
    const added = (await call(add, { id: second.id, input: { sku: unique('SKU-'), price: eur('6') } })).data!.addVariant;
    assert.equal(added.product.id, second.id);
    const updated = await call('mutation ($id: ID!) { updateVariant(id: $id, input: { price: { amount: "7.25", currencyCode: "EUR" } }) { price { amount } } }', { id: added.id });
    assert.equal(updated.data?.updateVariant.price.amount, '7.25');
    // Removing a variant frees its SKU for another product.
    await call('mutation ($id: ID!) { removeVariant(id: $id) }', { id: first.variants[0].id });
    assert.equal((await call(add, { id: second.id, input: { sku, price: eur('8') } })).errors, undefined);
    assert.deepEqual(errorCodes(await call('mutation { removeVariant(id: "var_01JD3ZK5W7Y8X9Q2R3S4T5V6W7") }')), ['NOT_FOUND']);
  });

  test('updatePrices applies a batch, reports unknown SKUs and records PriceChanged with old and new prices', async () => {
    const skus = [unique('P-'), unique('P-'), unique('P-')];
    const product = await createProduct({ slug: unique('p-'), name: 'Priced', variants: skus.map((sku) => ({ sku, price: eur('10') })) });
    await mongo.collection('products').updateOne({ _id: product.id as never }, { $set: { outbox: [] } });
    const response = await call('mutation ($u: [PriceUpdateInput!]!) { updatePrices(updates: $u) { updated unchanged notFound updatedSkus } }', {
      u: [
        { sku: skus[0], price: eur('11.99') },
        { sku: skus[1], price: eur('10') },
        { sku: skus[2]!.toLowerCase(), price: eur('9'), compareAtPrice: eur('10') },
        { sku: 'NO-SUCH-SKU-123', price: eur('1') },
      ],
    });
    const { updatedSkus, ...counts } = response.data?.updatePrices ?? {};
    assert.deepEqual(counts, { updated: 2, unchanged: 1, notFound: ['NO-SUCH-SKU-123'] });
    // Which rows changed, so a bulk editor can say so per row.
    assert.deepEqual([...updatedSkus].sort(), [skus[0]!.toUpperCase(), skus[2]!.toUpperCase()].sort());
    assert.equal(product.variants[0].sku, skus[0]!.toUpperCase());
    const doc = await productDoc(product.id);
    const changes = doc!.outbox.filter((e: { eventType: string }) => e.eventType === 'PriceChanged').map((e: { data: unknown }) => e.data);
    assert.deepEqual(
      changes.map((c: { sku: string; oldPrice: { amount: number }; newPrice: { amount: number } }) => [c.sku, c.oldPrice.amount, c.newPrice.amount]),
      [[skus[0]!.toUpperCase(), 1000, 1199], [skus[2]!.toUpperCase(), 1000, 900]],
    );
  });

  test('concurrent price updates to one product all land (writes are serialised per product)', async () => {
    const skus = Array.from({ length: 6 }, () => unique('C-'));
    const product = await createProduct({ slug: unique('p-'), name: 'Contended', variants: skus.map((sku) => ({ sku, price: eur('10') })) });
    const results = await Promise.all(
      skus.map((sku, i) => call('mutation ($u: [PriceUpdateInput!]!) { updatePrices(updates: $u) { updated } }', { u: [{ sku, price: eur(`${20 + i}`) }] })),
    );
    assert.deepEqual(results.map((r) => r.data?.updatePrices.updated), [1, 1, 1, 1, 1, 1]);
    const doc = await productDoc(product.id);
    assert.deepEqual(doc!.variants.map((v: { price: { amount: number } }) => v.price.amount), [2000, 2100, 2200, 2300, 2400, 2500]);
    assert.equal(doc!.version, 7);
  });

  test('a price batch over many products, raced by single updates of some of them, lands every price once', async () => {
    // 45 products of two SKUs in one call, while single updates of six of them contend for
    // their locks: every write must see the one before it.
    const products = await Promise.all(
      Array.from({ length: 45 }, (_, p) => createProduct({ slug: unique('b-'), name: `Batch ${p}`, variants: [0, 1].map(() => ({ sku: unique('B-'), price: eur('10') })) })),
    );
    const skusOf = (p: number) => products[p]!.variants.map((v: { sku: string }) => v.sku) as string[];
    const raced = [0, 7, 19, 20, 33, 44];
    const batch = call('mutation ($u: [PriceUpdateInput!]!) { updatePrices(updates: $u) { updated unchanged notFound } }', {
      u: products.flatMap((_, p) => skusOf(p).map((sku) => ({ sku, price: eur('12') }))),
    });
    const singles = raced.map((p) =>
      call('mutation ($u: [PriceUpdateInput!]!) { updatePrices(updates: $u) { updated } }', { u: [{ sku: skusOf(p)[1], price: eur('15') }] }),
    );
    const [result, ...single] = await Promise.all([batch, ...singles]);
    assert.deepEqual(result.data?.updatePrices, { updated: 90, unchanged: 0, notFound: [] });
    assert.deepEqual(single.map((r) => r.data?.updatePrices.updated), raced.map(() => 1));
    for (const [p, product] of products.entries()) {
      const doc = await productDoc(product.id);
      const changes = doc!.outbox.filter((e: { eventType: string }) => e.eventType === 'PriceChanged');
      const prices = doc!.variants.map((v: { price: { amount: number } }) => v.price.amount);
      if (!raced.includes(p)) {
        assert.deepEqual(prices, [1200, 1200], `product ${p}`);
        assert.equal(changes.length, 2, `product ${p}: one PriceChanged per SKU`);
        continue;
      }
      // Either order, and the later write saw the earlier one: nothing lost.
      assert.equal(prices[0], 1200, `product ${p}`);
      const second = changes
        .filter((e: { data: { sku: string } }) => e.data.sku === skusOf(p)[1])
        .map((e: { data: { oldPrice: { amount: number }; newPrice: { amount: number } } }) => [e.data.oldPrice.amount, e.data.newPrice.amount]);
      assert.equal(second.length, 2, `product ${p}: ${JSON.stringify(second)}`);
      assert.equal(second[1]![0], second[0]![1], `product ${p}: the later change starts from the earlier one's price`);
      assert.equal(prices[1], second[1]![1], `product ${p}: the last PriceChanged is the price it has`);
      assert.equal(doc!.version, 1 + 2, `product ${p}: two writes`);
    }
  });

  test('_entities resolves products, variants and categories in request order', async () => {
    const category = await createCategory(unique('c-'));
    const product = await createProduct({ slug: unique('p-'), name: 'Ref', categoryId: category.id, status: 'ACTIVE', variants: [{ sku: unique('s-'), price: eur('3') }] });
    const response = await call(
      `query ($r: [_Any!]!) { _entities(representations: $r) {
        ... on Product { id name } ... on ProductVariant { id sku product { id } } ... on Category { id slug } } }`,
      {
        r: [
          { __typename: 'ProductVariant', id: product.variants[0].id },
          { __typename: 'Product', id: 'prd_00000000000000000000000000' },
          { __typename: 'Category', id: category.id },
          { __typename: 'Product', id: product.id },
        ],
      },
      {},
    );
    assert.equal(response.errors, undefined);
    assert.deepEqual(response.data?._entities, [
      { id: product.variants[0].id, sku: product.variants[0].sku, product: { id: product.id } },
      null,
      { id: category.id, slug: category.slug },
      { id: product.id, name: 'Ref' },
    ]);
  });

  test('_entities hides a draft product and its variants from anyone but admins; an archived one still resolves', async () => {
    const draft = await createProduct({ slug: unique('draft-'), name: 'Secret', variants: [{ sku: unique('s-'), price: eur('9') }] });
    const archived = await createProduct({ slug: unique('old-'), name: 'Old', status: 'ACTIVE', variants: [{ sku: unique('s-'), price: eur('4') }] });
    assert.equal(errorCodes(await call('mutation ($id: ID!) { archiveProduct(id: $id) { id } }', { id: archived.id })).length, 0);
    const entities = (headers: Record<string, string>) =>
      call(
        `query ($r: [_Any!]!) { _entities(representations: $r) {
          ... on Product { id name status } ... on ProductVariant { id sku price { amount } } } }`,
        {
          r: [
            { __typename: 'Product', id: draft.id },
            { __typename: 'ProductVariant', id: draft.variants[0].id },
            { __typename: 'Product', id: archived.id },
            { __typename: 'ProductVariant', id: archived.variants[0].id },
          ],
        },
        headers,
      );
    const archivedSeen = [
      { id: archived.id, name: 'Old', status: 'ARCHIVED' },
      { id: archived.variants[0].id, sku: archived.variants[0].sku, price: { amount: '4.00' } },
    ];
    for (const headers of [{}, shopper]) {
      const response = await entities(headers);
      assert.equal(response.errors, undefined, JSON.stringify(response.errors));
      assert.deepEqual(response.data?._entities, [null, null, ...archivedSeen]);
    }
    const asAdmin = await entities(admin);
    assert.deepEqual(asAdmin.data?._entities, [
      { id: draft.id, name: 'Secret', status: 'DRAFT' },
      { id: draft.variants[0].id, sku: draft.variants[0].sku, price: { amount: '9.00' } },
      ...archivedSeen,
    ]);
  });

  test('a page of 50 products with variants and categories costs a constant number of database round trips', async () => {
    const tag = unique('bulk');
    const category = await createCategory(unique('bulk-'));
    const query = 'query ($f: ProductFilter, $n: Int) { products(filter: $f, first: $n) { edges { node { name category { name breadcrumbs { slug } } variants { sku price { amount } } } } } }';
    const cost = async (n: number) => {
      commands = 0;
      const response = await call(query, { f: { tags: [tag] }, n }, {});
      assert.equal(response.errors, undefined);
      assert.equal(response.data?.products.edges.length, n);
      return commands;
    };
    for (let i = 0; i < 50; i++) {
      await createProduct({ slug: unique('b-'), name: `Bulk ${i}`, tags: [tag], categoryId: category.id, status: 'ACTIVE', variants: [{ sku: unique('b-'), price: eur('1') }] });
    }
    const small = await cost(2);
    const large = await cost(50);
    assert.equal(large, small, `${small} round trips for 2 products, ${large} for 50`);
  });

  test('only admins change the catalog; bad input is refused and writes nothing', async () => {
    const slug = unique('guarded-');
    const create = 'mutation ($input: CreateProductInput!) { createProduct(input: $input) { id } }';
    assert.deepEqual(errorCodes(await call(create, { input: { slug, name: 'X' } }, {})), ['UNAUTHENTICATED']);
    assert.deepEqual(errorCodes(await call(create, { input: { slug, name: 'X' } }, shopper)), ['FORBIDDEN']);
    const cases = [
      { slug: 'Not A Slug', name: 'X' },
      { slug, name: 'x'.repeat(201) },
      { slug, name: 'X', variants: [{ sku: 'A', price: eur('1.999') }] },
      { slug, name: 'X', variants: [{ sku: 'A', price: { amount: '1', currencyCode: 'USD' } }] },
      { slug, name: 'X', status: 'ACTIVE' },
      { slug, name: 'X', categoryId: 'cat_01JD3ZK5W7Y8X9Q2R3S4T5V6W7' },
    ];
    const codes = [];
    for (const input of cases) codes.push(...errorCodes(await call(create, { input })));
    assert.deepEqual(codes, ['BAD_USER_INPUT', 'BAD_USER_INPUT', 'BAD_USER_INPUT', 'BAD_USER_INPUT', 'CONFLICT', 'NOT_FOUND']);
    assert.equal(await mongo.collection('products').countDocuments({ slug }), 0);
    const taken = await createProduct({ slug: unique('taken-'), name: 'Taken' });
    assert.deepEqual(errorCodes(await call(create, { input: { slug: taken.slug, name: 'Again' } })), ['CONFLICT']);
  });

  test('a category renamed to a sibling\'s slug, or created with it, is a CONFLICT and changes nothing', async () => {
    const parent = await createCategory(unique('parent-'));
    const first = await createCategory(unique('kid-'), parent.id);
    const second = await createCategory(unique('kid-'), parent.id);
    const update = 'mutation ($id: ID!, $input: UpdateCategoryInput!) { updateCategory(id: $id, input: $input) { id slug } }';
    const renamed = await call(update, { id: second.id, input: { slug: first.slug } });
    assert.deepEqual(errorCodes(renamed), ['CONFLICT']);
    assert.equal(renamed.errors![0]!.message, 'Another category already has this slug.');
    const created = await call('mutation ($input: CategoryInput!) { createCategory(input: $input) { id } }', {
      input: { slug: first.slug, name: 'Twin', parentId: parent.id },
    });
    assert.deepEqual(errorCodes(created), ['CONFLICT']);
    assert.equal((await mongo.collection('categories').findOne({ _id: second.id as never }))?.slug, second.slug);
    assert.equal(await mongo.collection('categories').countDocuments({ slug: first.slug }), 1);
  });

  test('text no store can keep (NUL, a lone surrogate) in an argument is BAD_USER_INPUT naming it, and writes nothing', async () => {
    const byId = await call('query ($id: ID) { product(id: $id) { id } }', { id: 'prd_\u0000' }, {});
    assert.deepEqual(errorCodes(byId), ['BAD_USER_INPUT']);
    assert.equal(byId.errors![0]!.extensions!.field, 'id');
    const slug = unique('nul-');
    const create = 'mutation ($input: CreateProductInput!) { createProduct(input: $input) { id } }';
    for (const input of [
      { slug, name: 'a\u0000b' },
      { slug, name: 'a\ud800b' },
      { slug, name: 'Ok', variants: [{ sku: 'ok', price: eur('1') }, { sku: 'bad\u0000', price: eur('1') }] },
    ]) {
      const refused = await call(create, { input });
      assert.deepEqual(errorCodes(refused), ['BAD_USER_INPUT'], JSON.stringify(refused.errors));
      assert.match(refused.errors![0]!.message, /^input\.(name|variants\.1\.sku) contains/);
    }
    // Inline literals are checked as well as variables.
    const inline = await call(`mutation { createCategory(input: { slug: "${slug}", name: "a\\u0000b" }) { id } }`);
    assert.deepEqual(errorCodes(inline), ['BAD_USER_INPUT']);
    assert.equal(inline.errors![0]!.extensions!.field, 'input.name');
    assert.equal(await mongo.collection('products').countDocuments({ slug }), 0);
    assert.equal(await mongo.collection('categories').countDocuments({ slug }), 0);
  });

  test('a deleted product disappears from queries and references', async () => {
    const product = await createProduct({ slug: unique('gone-'), name: 'Gone', status: 'ACTIVE', variants: [{ sku: unique('g-'), price: eur('2') }] });
    assert.equal((await call('mutation ($id: ID!) { deleteProduct(id: $id) }', { id: product.id })).data?.deleteProduct, true);
    assert.equal((await call('query ($id: ID) { product(id: $id) { id } }', { id: product.id }, {})).data?.product, null);
    const doc = await productDoc(product.id);
    assert.ok(doc === null || doc.outbox.some((e: { eventType: string }) => e.eventType === 'ProductDeleted'));
    assert.deepEqual(errorCodes(await call('mutation ($id: ID!) { deleteProduct(id: $id) }', { id: product.id })), ['NOT_FOUND']);
  });
});
