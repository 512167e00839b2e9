import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Connection } from 'mongoose';
import { connectMongo, type SubgraphServer } from '@commerce/service-kit';
import { errorCodes, gql, infra, testLogger, unique } from '@commerce/testkit';
import { createServer } from '../src/server.ts';
import { createProductStore } from '../src/store/product-store.ts';

const CREATOR = 'cus_01JD3ZK5W7Y8X9Q2R3S4T5V6W7';

describe('catalog subgraph against FerretDB', () => {
  let mongo: Connection;
  let server: SubgraphServer;
  let url: string;

  before(async () => {
    mongo = await connectMongo(infra.mongoUrl('catalog'));
    server = await createServer({ logger: testLogger('catalog'), products: await createProductStore(mongo) });
    url = `http://127.0.0.1:${await server.listen(0, '127.0.0.1')}/graphql`;
  });

  after(async () => {
    await server.close();
    await mongo.close();
  });

  const createProduct = (input: Record<string, unknown>) =>
    gql(url, 'mutation ($input: CreateProductInput!) { createProduct(input: $input) { id name slug } }', { input });
  const countBySlug = (slug: string) => mongo.collection('products').countDocuments({ slug });

  test('a created product is stored in MongoDB and read back with a reference to its creator', async () => {
    const slug = unique('mug-');
    const created = await createProduct({ name: 'Blue mug', slug, createdById: CREATOR });
    assert.equal(created.errors, undefined);
    const { id } = created.data!.createProduct;
    assert.match(id, /^prd_[0-9A-Z]{26}$/);

    const read = await gql(url, 'query ($id: ID!) { product(id: $id) { id name slug createdBy { id } } }', { id });
    assert.deepEqual(read.data?.product, { id, name: 'Blue mug', slug, createdBy: { id: CREATOR } });
    assert.equal(await mongo.collection('products').countDocuments({ _id: id as never }), 1);
  });

  test('_entities resolves products by reference in request order, null for unknown ids', async () => {
    const a = (await createProduct({ name: 'A', slug: unique('a-'), createdById: CREATOR })).data?.createProduct;
    const b = (await createProduct({ name: 'B', slug: unique('b-'), createdById: CREATOR })).data?.createProduct;
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
    const first = (await createProduct({ name: 'Older', slug: unique('o-'), createdById: CREATOR })).data?.createProduct;
    const second = (await createProduct({ name: 'Newer', slug: unique('n-'), createdById: CREATOR })).data?.createProduct;
    const response = await gql(url, '{ products(first: 2) { id } }');
    assert.deepEqual(response.data?.products, [{ id: second.id }, { id: first.id }]);
  });

  test('a taken slug is refused with CONFLICT and writes nothing', async () => {
    const slug = unique('dup-');
    await createProduct({ name: 'One', slug, createdById: CREATOR });
    const second = await createProduct({ name: 'Two', slug, createdById: CREATOR });
    assert.deepEqual(errorCodes(second), ['CONFLICT']);
    assert.equal(await countBySlug(slug), 1);
  });

  test('bad input is refused with BAD_USER_INPUT and writes nothing', async () => {
    const response = await createProduct({ name: ' ', slug: 'Not A Slug', createdById: 'someone' });
    assert.deepEqual(errorCodes(response), ['BAD_USER_INPUT']);
    assert.equal(await countBySlug('Not A Slug'), 0);
  });
});
