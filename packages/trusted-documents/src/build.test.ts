import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import { buildSchema } from 'graphql';
import { buildManifest, formatProblem, manifestDiff } from './build.ts';
import { parseManifest, printManifest } from './manifest.ts';

const schema = buildSchema(`
  type Query { product(id: ID!): Product, me: Customer }
  type Product { id: ID!, name: String!, price: Money! }
  type Money { amount: String!, currencyCode: String! }
  type Customer { id: ID!, firstName: String! }
`);

const files = [
  { path: 'ops/product.graphql', text: 'query Product($id: ID!) { product(id: $id) { id name price { ...Price } } }\nquery Me { me { id } }' },
  { path: 'ops/fragments.graphql', text: 'fragment Price on Money { amount currencyCode }\nfragment Unused on Customer { firstName }' },
];

test('each named operation becomes an entry whose id is the SHA-256 of a body holding the fragments it uses', () => {
  const { manifest } = buildManifest('mobile', files, schema);
  assert.ok(manifest);
  assert.deepEqual(manifest.operations.map((o) => [o.name, o.type]), [['Me', 'query'], ['Product', 'query']]);
  const product = manifest.operations.find((o) => o.name === 'Product')!;
  assert.match(product.body, /fragment Price on Money/);
  assert.doesNotMatch(product.body, /Unused/);
  assert.equal(product.id, createHash('sha256').update(product.body).digest('hex'));
  assert.deepEqual(parseManifest(printManifest(manifest)), manifest, 'what is written reads back');
});

test('an operation selecting a field the schema lacks fails, naming the client, the operation and the field', () => {
  const broken = [{ path: 'ops/p.graphql', text: 'query Product($id: ID!) { product(id: $id) { id sku } }' }];
  const result = buildManifest('mobile', broken, schema);
  assert.equal(result.manifest, undefined);
  assert.deepEqual(result.problems.map(formatProblem), ['client mobile, operation Product, ops/p.graphql: Cannot query field "sku" on type "Product".']);
});

test('anonymous operations, duplicates and missing fragments are refused', () => {
  const result = buildManifest(
    'storefront',
    [
      { path: 'a.graphql', text: '{ me { id } }\nquery Me { me { id } }' },
      { path: 'b.graphql', text: 'query Me { me { id } }\nquery P { product(id: "1") { ...Gone } }' },
    ],
    schema,
  );
  assert.deepEqual(result.problems.map(formatProblem), [
    'client storefront, a.graphql: every operation needs a name (the manifest and the router identify it by name)',
    'client storefront, operation Me, b.graphql: defined twice (also in a.graphql)',
    'client storefront, operation P, b.graphql: uses fragment Gone, which no file of this client defines',
  ]);
});

test('a manifest diff names the operations added, changed and removed', () => {
  const before = buildManifest('mobile', files, schema).manifest!;
  const after = buildManifest('mobile', [
    { path: 'ops/product.graphql', text: 'query Product($id: ID!) { product(id: $id) { id } }\nquery Other { me { firstName } }' },
  ], schema).manifest!;
  assert.deepEqual(manifestDiff(before, after), ['Other added', 'Product changed', 'Me removed']);
});

test('a manifest whose id does not match its body is refused', () => {
  const text = JSON.stringify({ format: 'apollo-persisted-query-manifest', version: 1, operations: [{ id: '0'.repeat(64), name: 'Me', type: 'query', body: 'query Me { me { id } }' }] });
  assert.throws(() => parseManifest(text), /operation Me: id is not the SHA-256 of its body/);
});
