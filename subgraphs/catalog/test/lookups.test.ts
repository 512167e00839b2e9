import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Connection } from 'mongoose';
import { connectMongo, type SubgraphServer } from '@commerce/service-kit';
import { createTestIssuer, fullScans, gql, infra, isFerretDB, recordReads, testLogger, unique, type RecordedRead, type TestIssuer } from '@commerce/testkit';
import type { Deps } from '../src/context.ts';
import { createDeps } from '../src/deps.ts';
import { createServer } from '../src/server.ts';

const ADMIN = { id: 'cus_01JD3ZK5W7Y8X9Q2R3S4T5V6W7', roles: ['CUSTOMER' as const, 'ADMIN' as const] };
const eur = (amount: string) => ({ amount, currencyCode: 'EUR' });

const CREATE = 'mutation ($input: CreateProductInput!) { createProduct(input: $input) { id slug variants { id sku } } }';
const ADD = 'mutation ($id: ID!, $input: VariantInput!) { addVariant(productId: $id, input: $input) { id } }';
const REMOVE = 'mutation ($id: ID!) { removeVariant(id: $id) }';
const VARIANT_REFS = 'query ($r: [_Any!]!) { _entities(representations: $r) { ... on ProductVariant { id product { id } } } }';

describe('catalog lookups by id and by variant id', () => {
  let issuer: TestIssuer;
  let mongo: Connection;
  let deps: Deps;
  let server: SubgraphServer;
  let url: string;
  let admin: Record<string, string>;
  let reads: RecordedRead[];

  before(async () => {
    issuer = await createTestIssuer();
    admin = { authorization: await issuer.bearer(ADMIN) };
    mongo = await connectMongo(infra.mongoUrl('catalog'), { monitorCommands: true });
    reads = recordReads(mongo);
    deps = await createDeps({ connection: mongo, logger: testLogger('catalog'), verifyToken: issuer.verifyToken, currency: 'EUR' });
    server = await createServer(deps);
    url = `http://127.0.0.1:${await server.listen(0, '127.0.0.1')}/graphql`;
  });

  after(async () => {
    await server.close();
    await mongo.close();
  });

  async function call(query: string, variables?: Record<string, unknown>) {
    const response = await gql(url, query, variables, admin);
    assert.equal(response.errors, undefined, JSON.stringify(response.errors));
    return response.data!;
  }
  /** The product each variant reference resolves to (null when it resolves to nothing), as the router would ask. */
  const productsOfVariants = async (variantIds: string[]): Promise<(string | null)[]> =>
    (await call(VARIANT_REFS, { r: variantIds.map((id) => ({ __typename: 'ProductVariant', id })) }))._entities.map(
      (entity: { product: { id: string } } | null) => entity?.product.id ?? null,
    );
  const productDoc = (id: string) => mongo.collection('products').findOne({ _id: id as never });

  test('every variant is found by its id through adds, updates, price changes and removals, and none after removal or deletion', async () => {
    const skuA = unique('VA-');
    const created = (await call(CREATE, { input: { slug: unique('vars-'), name: 'Variants', variants: [{ sku: skuA, price: eur('5') }] } }))
      .createProduct;
    const id: string = created.id;
    const a: string = created.variants[0].id;
    const b: string = (await call(ADD, { id, input: { sku: unique('VB-'), price: eur('6') } })).addVariant.id;
    assert.deepEqual(await productsOfVariants([a, b]), [id, id], 'a variant added to a product is found by its id');

    // Writes that leave the variant list as it is keep every variant findable.
    await call('mutation ($id: ID!) { updateVariant(id: $id, input: { price: { amount: "7", currencyCode: "EUR" } }) { id } }', { id: b });
    await call('mutation ($u: [PriceUpdateInput!]!) { updatePrices(updates: $u) { updated } }', { u: [{ sku: skuA, price: eur('4') }] });
    await call('mutation ($id: ID!) { updateProduct(id: $id, input: { name: "Renamed" }) { id } }', { id });
    assert.deepEqual(await productsOfVariants([a, b]), [id, id]);

    await call(REMOVE, { id: a });
    assert.deepEqual(await productsOfVariants([a, b]), [null, id]);
    assert.deepEqual(
      (await deps.products.findByVariantIds([a, b])).map((product) => product?.id),
      [undefined, id],
      'a removed variant no longer leads to its former product',
    );
    const c: string = (await call(ADD, { id, input: { sku: unique('VC-'), price: eur('8') } })).addVariant.id;
    assert.deepEqual(await productsOfVariants([c, b, a]), [id, id, null]);

    await call('mutation ($id: ID!) { deleteProduct(id: $id) }', { id });
    assert.deepEqual(await productsOfVariants([b, c]), [null, null], "a deleted product's variants resolve to nothing");
  });

  test('a product written before variantIds existed is back-filled when the store starts, without a new version', async () => {
    const created = (
      await call(CREATE, {
        input: { slug: unique('old-'), name: 'Old', variants: [{ sku: unique('O1-'), price: eur('1') }, { sku: unique('O2-'), price: eur('2') }] },
      })
    ).createProduct;
    const id: string = created.id;
    const variantIds: string[] = created.variants.map((v: { id: string }) => v.id);
    // The document as the catalog wrote it before the field existed.
    await mongo.collection('products').updateOne({ _id: id as never }, { $unset: { variantIds: '' } });
    const old = await productDoc(id);
    assert.equal(old!.variantIds, undefined);
    assert.deepEqual(
      (await deps.products.findByVariantIds(variantIds)).map((product) => product?.id),
      [undefined, undefined],
      'without the field the product is not found by variant id',
    );

    // Another replica starting (or this one restarting) fills the field in.
    const restarted = await connectMongo(infra.mongoUrl('catalog'));
    try {
      const fresh = await createDeps({ connection: restarted, logger: testLogger('catalog'), verifyToken: issuer.verifyToken, currency: 'EUR' });
      assert.deepEqual((await fresh.products.findByVariantIds(variantIds)).map((product) => product?.id), [id, id]);
    } finally {
      await restarted.close();
    }
    assert.deepEqual(await productsOfVariants(variantIds), [id, id]);
    const filled = await productDoc(id);
    assert.deepEqual(filled!.variantIds, variantIds);
    assert.equal(filled!.version, old!.version, 'the back-fill is not a change of the product');
    assert.deepEqual(filled!.updatedAt, old!.updatedAt);
    assert.deepEqual(filled!.variants, old!.variants);
  });

  // Categories are left out: there are few of them, and their batches stay one $in query.
  test('product and variant references, product pages and variant and price writes read products and SKUs only by filters FerretDB pushes down', async (t) => {
    if (!(await isFerretDB(mongo))) return t.skip('explain tells about pushdown on FerretDB only');
    const tag = unique('pushed');
    const parent = (await call('mutation ($i: CategoryInput!) { createCategory(input: $i) { id } }', { i: { slug: unique('pc-'), name: 'Parent' } }))
      .createCategory.id;
    const child = (
      await call('mutation ($i: CategoryInput!) { createCategory(input: $i) { id slug } }', { i: { slug: unique('cc-'), name: 'Child', parentId: parent } })
    ).createCategory;
    const sku = unique('PD-');
    const product = (
      await call(CREATE, {
        input: { slug: unique('pd-'), name: 'Pushed', brand: 'Kiln', categoryId: child.id, tags: [tag], status: 'ACTIVE', variants: [{ sku, price: eur('3') }] },
      })
    ).createProduct;

    reads.length = 0;
    await call(
      'query ($r: [_Any!]!) { _entities(representations: $r) { ... on Product { id name } ... on ProductVariant { id sku } } }',
      {
        r: [
          { __typename: 'Product', id: product.id },
          { __typename: 'Product', id: 'prd_00000000000000000000000000' },
          { __typename: 'ProductVariant', id: product.variants[0].id },
          { __typename: 'ProductVariant', id: 'var_00000000000000000000000000' },
        ],
      },
    );
    await call('query ($slug: String!) { product(slug: $slug) { id variants { id } } }', { slug: product.slug });
    for (const filter of [{ categoryId: parent }, { categoryId: child.id, tags: [tag] }, { brand: 'Kiln', tags: [tag, 'x'] }]) {
      await call('query ($f: ProductFilter) { products(filter: $f) { totalCount edges { node { id } } } }', { f: filter });
    }
    await call('mutation ($u: [PriceUpdateInput!]!) { updatePrices(updates: $u) { updated } }', { u: [{ sku, price: eur('4') }] });
    const added = (await call(ADD, { id: product.id, input: { sku: unique('PD-'), price: eur('5') } })).addVariant.id;
    await call(REMOVE, { id: added });

    const productReads = reads.filter((read) => read.collection === 'products' || read.collection === 'skus');
    assert.ok(productReads.length >= 10, `${productReads.length} reads recorded`);
    assert.deepEqual(await fullScans(mongo, productReads), [], 'reads FerretDB answers by reading the whole collection');
  });
});
