import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Connection } from 'mongoose';
import { connectMongo, type SubgraphServer } from '@commerce/service-kit';
import { createTestIssuer, errorCodes, gql, infra, testLogger, unique, type TestIssuer } from '@commerce/testkit';
import { createServer } from '../src/server.ts';
import { createProductStore } from '../src/store/product-store.ts';

const CREATOR = 'cus_01JD3ZK5W7Y8X9Q2R3S4T5V6W7';
const SHOPPER = 'cus_01JD3ZK5W7Y8X9Q2R3S4T5V6W8';

describe('catalog subgraph against FerretDB', () => {
  let mongo: Connection;
  let server: SubgraphServer;
  let url: string;
  let issuer: TestIssuer;
  let admin: Record<string, string>;

  before(async () => {
    issuer = await createTestIssuer();
    admin = { authorization: await issuer.bearer({ id: CREATOR, roles: ['CUSTOMER', 'ADMIN'] }) };
    mongo = await connectMongo(infra.mongoUrl('catalog'));
    server = await createServer({
      logger: testLogger('catalog'),
      products: await createProductStore(mongo),
      verifyToken: issuer.verifyToken,
    });
    url = `http://127.0.0.1:${await server.listen(0, '127.0.0.1')}/graphql`;
  });

  after(async () => {
    await server.close();
    await mongo.close();
  });

  const createProduct = (input: Record<string, unknown>, headers = admin) =>
    gql(url, 'mutation ($input: CreateProductInput!) { createProduct(input: $input) { id name slug } }', { input }, headers);
  const countBySlug = (slug: string) => mongo.collection('products').countDocuments({ slug });

  test('a created product is stored in MongoDB and read back with a reference to its creator', async () => {
    const slug = unique('mug-');
    const created = await createProduct({ name: 'Blue mug', slug});
    assert.equal(created.errors, undefined);
    const { id } = created.data!.createProduct;
    assert.match(id, /^prd_[0-9A-Z]{26}$/);

    const read = await gql(url, 'query ($id: ID!) { product(id: $id) { id name slug createdBy { id } } }', { id });
    assert.deepEqual(read.data?.product, { id, name: 'Blue mug', slug, createdBy: { id: CREATOR } });
    assert.equal(await mongo.collection('products').countDocuments({ _id: id as never }), 1);
  });

  test('_entities resolves products by reference in request order, null for unknown ids', async () => {
    const a = (await createProduct({ name: 'A', slug: unique('a-')})).data?.createProduct;
    const b = (await createProduct({ name: 'B', slug: unique('b-')})).data?.createProduct;
    const response = await gql(
      url,
      `query ($representations: [_Any!]!) {
        _entities(representations: $representations) { ... on Product { id name createdBy { id } } }
      }`,
      {
        representations: [
          { __typename: 'Product', id: b.id },
          { __typename: 'Product', id: 'prd_00000000000000000000000000' },
          { __typename: 'Product', id: a.id },
        ],
      },
    );
    assert.equal(response.errors, undefined);
    assert.deepEqual(response.data?._entities, [
      { id: b.id, name: 'B', createdBy: { id: CREATOR } },
      null,
      { id: a.id, name: 'A', createdBy: { id: CREATOR } },
    ]);
  });

  test('products lists the newest first', async () => {
    const first = (await createProduct({ name: 'Older', slug: unique('o-')})).data?.createProduct;
    const second = (await createProduct({ name: 'Newer', slug: unique('n-')})).data?.createProduct;
    const response = await gql(url, '{ products(first: 2) { id } }');
    assert.deepEqual(response.data?.products, [{ id: second.id }, { id: first.id }]);
  });

  test('only admins create products: anonymous callers get UNAUTHENTICATED, customers FORBIDDEN, nothing written', async () => {
    const slug = unique('guarded-');
    assert.deepEqual(errorCodes(await createProduct({ name: 'X', slug }, {})), ['UNAUTHENTICATED']);
    const shopper = { authorization: await issuer.bearer({ id: SHOPPER, roles: ['CUSTOMER'] }) };
    assert.deepEqual(errorCodes(await createProduct({ name: 'X', slug }, shopper)), ['FORBIDDEN']);
    const forged = { authorization: `Bearer ${await issuer.sign({ id: SHOPPER, roles: ['ADMIN'] }, { audience: 'elsewhere' })}` };
    const refused = await createProduct({ name: 'X', slug }, forged);
    assert.deepEqual(errorCodes(refused), ['UNAUTHENTICATED']);
    assert.equal(refused.status, 401);
    assert.equal(await countBySlug(slug), 0);
  });

  test('a taken slug is refused with CONFLICT and writes nothing', async () => {
    const slug = unique('dup-');
    await createProduct({ name: 'One', slug});
    const second = await createProduct({ name: 'Two', slug});
    assert.deepEqual(errorCodes(second), ['CONFLICT']);
    assert.equal(await countBySlug(slug), 1);
  });

  test('bad input is refused with BAD_USER_INPUT and writes nothing', async () => {
    const response = await createProduct({ name: ' ', slug: 'Not A Slug' });
    assert.deepEqual(errorCodes(response), ['BAD_USER_INPUT']);
    assert.equal(await countBySlug('Not A Slug'), 0);
  });
});
