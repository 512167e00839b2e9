import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { buildSchema, parse } from 'graphql';
import { costSchemaFromSdl, estimateCost } from './cost.ts';
import { checkCost } from './cost-limit.ts';

// As a subgraph declares them: imported from the federation spec.
const schema = buildSchema(`
  schema @link(url: "https://specs.apollo.dev/federation/v2.12", import: ["@cost", "@listSize"]) { query: Query mutation: Mutation }
  directive @link(url: String, as: String, import: [String]) repeatable on SCHEMA
  directive @cost(weight: Int!) on FIELD_DEFINITION | OBJECT | SCALAR
  directive @listSize(assumedSize: Int, slicingArguments: [String!], sizedFields: [String!]) on FIELD_DEFINITION
  type Query {
    products(first: Int = 20, last: Int): ProductConnection! @listSize(slicingArguments: ["first", "last"], sizedFields: ["edges"])
    tags: [String!]!
    categories: [Category!]! @listSize(assumedSize: 5)
    heavy: Int @cost(weight: 7)
    product(id: ID!): Product
  }
  type Mutation { touch: Product }
  type ProductConnection { edges: [ProductEdge!]! totalCount: Int! }
  type ProductEdge { cursor: String! node: Product! }
  type Product { id: ID! name: String! variants: [Variant!]! category: Category }
  type Variant { id: ID! sku: String! }
  type Category @cost(weight: 3) { id: ID! }
`);
const cost = (query: string, variables: Record<string, unknown> = {}, defaultListSize?: number) =>
  estimateCost(schema, parse(query), variables, defaultListSize === undefined ? {} : { defaultListSize });

test('scalar fields cost nothing and an object field costs 1', () => {
  assert.equal(cost('{ tags product(id: "1") { id name } }'), 1);
});

test('a connection multiplies its edges by first, with the argument default when it is not given', () => {
  // products 1 + first × (edge 1 + node 1)
  assert.equal(cost('{ products(first: 5) { edges { cursor node { id } } } }'), 1 + 5 * 2);
  assert.equal(cost('{ products { edges { node { id } } } }'), 1 + 20 * 2);
  assert.equal(cost('{ products(last: 50) { totalCount edges { node { id } } } }'), 1 + 50 * 2);
});

test('variables are applied, and @skip / @include with them', () => {
  const query = 'query ($n: Int, $skip: Boolean!) { products(first: $n) { edges { node { id category @skip(if: $skip) { id } } } } }';
  assert.equal(cost(query, { n: 10, skip: true }), 1 + 10 * 2);
  assert.equal(cost(query, { n: 10, skip: false }), 1 + 10 * (2 + 3));
});

test('lists without @listSize take the default size; @listSize(assumedSize) and @cost weights apply', () => {
  assert.equal(cost('{ product(id: "1") { variants { id } } }'), 1 + 10);
  assert.equal(cost('{ product(id: "1") { variants { id } } }', {}, 3), 1 + 3);
  assert.equal(cost('{ categories { id } heavy }'), 5 * 3 + 7);
});

test('nested lists multiply, and mutation root fields cost 10', () => {
  assert.equal(cost('{ products(first: 10) { edges { node { variants { id } } } } }'), 1 + 10 * (2 + 10));
  assert.equal(cost('mutation { touch { id } }'), 10);
});

test('aliases each cost their own share: 40 aliases of products(first: 20) add up', () => {
  const aliased = Array.from({ length: 40 }, (_, i) => `p${i}: products(first: 20) { edges { node { id name variants { sku } } } }`).join(' ');
  assert.equal(cost(`{ ${aliased} }`), 40 * (1 + 20 * (2 + 10)));
});

test('fragments are costed as if inlined, and a fragment spread many times is costed once', () => {
  assert.equal(
    cost('{ products(first: 4) { ...Page } } fragment Page on ProductConnection { edges { ...Edge } } fragment Edge on ProductEdge { node { id } }'),
    1 + 4 * 2,
  );
  const levels = 30;
  const fragments = Array.from({ length: levels }, (_, i) => `fragment F${i} on Product { category { id } ...F${i + 1} ...F${i + 1} }`).join(' ');
  const started = Date.now();
  const fanOut = cost(`{ product(id: "1") { ...F0 } } ${fragments} fragment F${levels} on Product { id }`);
  assert.ok(Date.now() - started < 500);
  assert.ok(fanOut > 1e9, `${fanOut}`);
});

test('the composed supergraph keeps @listSize: a page of 100 products costs more than one of 10', () => {
  const supergraph = costSchemaFromSdl(readFileSync(new URL('../../../schema/supergraph.graphql', import.meta.url), 'utf8'));
  const page = (first: number) => estimateCost(supergraph, parse(`{ products(first: ${first}) { edges { node { id name } } } }`));
  assert.equal(page(10), 1 + 10 * 2);
  assert.equal(page(100), 1 + 100 * 2);
});

test('checkCost reuses a cost across requests that differ only in string variables, never across page sizes or @skip', () => {
  const document = parse('query ($first: Int, $slug: String, $lean: Boolean!) { products(first: $first) { edges { node { id variants @skip(if: $lean) { id } } } } product(id: $slug) { id } }');
  const limits = { cost: 150, defaultListSize: 10 };
  assert.equal(checkCost(schema, document, { first: 5, slug: 'a', lean: false }, undefined, limits), undefined);
  assert.equal(checkCost(schema, document, { first: 5, slug: 'b', lean: false }, undefined, limits), undefined);
  assert.equal(checkCost(schema, document, { first: 50, slug: 'a', lean: false }, undefined, limits)?.extensions.code, 'OPERATION_TOO_COSTLY');
  assert.equal(checkCost(schema, document, { first: 50, slug: 'a', lean: true }, undefined, limits), undefined);
  assert.equal(checkCost(schema, document, { first: 50, slug: 'c', lean: false }, undefined, limits)?.extensions.code, 'OPERATION_TOO_COSTLY');
});
