import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildSchema, getOperationAST, parse, print } from 'graphql';
import { answerRemovals, deniedFields, withoutFields, withoutSecurityPurpose } from './authorization.ts';

const schema = buildSchema(`
  directive @authenticated on FIELD_DEFINITION | OBJECT
  directive @requiresScopes(scopes: [[String!]!]!) on FIELD_DEFINITION | OBJECT
  type Query { products: [Product!]! secret: String @authenticated audit: Audit }
  type Product { id: ID! name: String! cost: Int @requiresScopes(scopes: [["ADMIN"], ["BUYER", "FINANCE"]]) }
  type Audit @requiresScopes(scopes: [["ADMIN"]]) { id: ID! }
`);
const denied = (query: string, roles?: string[]) => {
  const document = parse(query);
  return { document, ...deniedFields(schema, document, getOperationAST(document)!, roles ? { id: 'cus_1', roles: roles as never } : undefined) };
};

test('anonymous viewers lose @authenticated and scoped fields (and fields of scoped types); scopes are OR of AND groups', () => {
  const query = '{ secret audit { id } products { ...P } } fragment P on Product { id cost }';
  assert.deepEqual(denied(query).removals.map((r) => [r.field, r.code]), [['Query.secret', 'UNAUTHENTICATED'], ['Query.audit', 'UNAUTHENTICATED'], ['Product.cost', 'UNAUTHENTICATED']]);
  assert.deepEqual(denied(query, ['CUSTOMER']).removals.map((r) => [r.field, r.code]), [['Query.audit', 'FORBIDDEN'], ['Product.cost', 'FORBIDDEN']]);
  assert.deepEqual(denied(query, ['BUYER', 'FINANCE']).removals.map((r) => r.field), ['Query.audit']);
  assert.deepEqual(denied(query, ['ADMIN']).removals, []);
});

test('the removed fields leave the document, an emptied selection keeps __typename', () => {
  const { document, nodes } = denied('{ secret audit { id } products { ...P } } fragment P on Product { cost }');
  assert.equal(print(withoutFields(document, nodes)), print(parse('{ products { ...P } } fragment P on Product { __typename }')));
});

test('each occurrence in a list answers null with its own indexed path; a non-null field nulls the answer', () => {
  const { removals } = denied('{ products { id price: cost } secret }');
  const answered = answerRemovals({ products: [{ id: '1' }, { id: '2' }], secret: undefined } as never, removals);
  assert.deepEqual(answered.data, { products: [{ id: '1', price: null }, { id: '2', price: null }], secret: null });
  assert.deepEqual(answered.errors.map((e) => e.path), [['products', 0, 'price'], ['products', 1, 'price'], ['secret']]);
  const nonNull = buildSchema('directive @authenticated on FIELD_DEFINITION type Query { me: String! @authenticated }');
  const document = parse('{ me }');
  assert.equal(answerRemovals({}, deniedFields(nonNull, document, getOperationAST(document)!, undefined).removals).data, null);
});

test('the gateway gets the supergraph without the SECURITY purpose it would refuse', () => {
  assert.equal(
    withoutSecurityPurpose('@link(url: "https://specs.apollo.dev/requiresScopes/v0.1", for: SECURITY)\n@link(url: "https://specs.apollo.dev/join/v0.5", for: EXECUTION)'),
    '@link(url: "https://specs.apollo.dev/requiresScopes/v0.1")\n@link(url: "https://specs.apollo.dev/join/v0.5", for: EXECUTION)',
  );
});
