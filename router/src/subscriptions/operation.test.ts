import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildSchema, getOperationAST, parse, print, validate } from 'graphql';
import { ENTITY_VARIABLE, VERSION_VARIABLE, preparePayloadQuery, subscriptionRoot } from './operation.ts';

const schema = buildSchema(`
  type Order { id: ID! status: String! total(currency: String): Int customer: Customer }
  type Customer { id: ID! name: String }
  type Query { order(id: ID!, version: Int): Order }
  type Subscription { orderUpdated(orderId: ID!, after: String): Order! }
`);

function prepare(source: string, variables?: Record<string, unknown>) {
  const document = parse(source);
  assert.deepEqual(validate(schema, document), []);
  const operation = getOperationAST(document)!;
  const root = subscriptionRoot(schema, operation, variables);
  assert.ok(!Array.isArray(root), JSON.stringify(root));
  return preparePayloadQuery(schema, document, operation, root, variables, { field: 'order', idArgument: 'id', versionArgument: 'version' });
}

test('a subscription becomes the query of one payload, keeping alias, fragments and the variables still used', () => {
  const prepared = prepare(
    `subscription Track($id: ID!, $cursor: String, $cur: String, $withCustomer: Boolean!) {
       live: orderUpdated(orderId: $id, after: $cursor) { ...Parts customer @include(if: $withCustomer) { name } }
     }
     fragment Parts on Order { id status total(currency: $cur) }`,
    { id: 'ord_1', cursor: 'abc', cur: 'EUR', withCustomer: true },
  );
  assert.equal(prepared.field, 'orderUpdated');
  assert.deepEqual(prepared.args, { orderId: 'ord_1', after: 'abc' });
  assert.deepEqual(prepared.variables, { cur: 'EUR', withCustomer: true });
  assert.equal(
    prepared.query,
    print(
      parse(`query Track($cur: String, $withCustomer: Boolean!, $${ENTITY_VARIABLE}: ID!, $${VERSION_VARIABLE}: Int) {
        live: order(id: $${ENTITY_VARIABLE}, version: $${VERSION_VARIABLE}) { ...Parts customer @include(if: $withCustomer) { name } }
      }
      fragment Parts on Order { id status total(currency: $cur) }`),
    ),
  );
  assert.deepEqual(validate(schema, parse(prepared.query)), []);
});

test('the response key stays the field name when there is no alias, so payloads look like the subscription', () => {
  const prepared = prepare('subscription { orderUpdated(orderId: "ord_1") { status } }');
  assert.match(prepared.query, /orderUpdated: order\(/);
  assert.deepEqual(prepared.variables, {});
});

test('variables that do not coerce and roots behind fragments are BAD_USER_INPUT', () => {
  const document = parse('subscription ($id: ID!) { orderUpdated(orderId: $id) { id } }');
  const errors = subscriptionRoot(schema, getOperationAST(document)!, { id: { not: 'an id' } });
  assert.ok(Array.isArray(errors));
  assert.equal(errors[0]?.extensions.code, 'BAD_USER_INPUT');
  const spread = parse('subscription { ... on Subscription { orderUpdated(orderId: "x") { id } } }');
  const refused = subscriptionRoot(schema, getOperationAST(spread)!, {});
  assert.ok(Array.isArray(refused));
  assert.match(refused[0]!.message, /directly/);
});
