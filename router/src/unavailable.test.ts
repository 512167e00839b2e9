import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parse } from 'graphql';
import { unavailableErrors } from './unavailable.ts';

test('an entity fetch to a subgraph that is down answers an error at each requested field of each entity', () => {
  const document = parse('query ($representations: [_Any!]!) { _entities(representations: $representations) { ... on Order { __typename shipments { id } late: status } } }');
  const errors = unavailableErrors('shipping', document, 2);
  assert.deepEqual(errors.map((e) => e.path), [['_entities', 0, 'shipments'], ['_entities', 0, 'late'], ['_entities', 1, 'shipments'], ['_entities', 1, 'late']]);
  assert.deepEqual(errors[0]!.extensions, { code: 'SERVICE_UNAVAILABLE', serviceName: 'shipping' });
  assert.match(errors[0]!.message, /shipping service is unavailable; shipments/);
});

test('a root fetch answers an error at each root field, by its alias', () => {
  const document = parse('{ a: product(id: "1") { id } categories { id } __typename }');
  assert.deepEqual(unavailableErrors('catalog', document, 0).map((e) => e.path), [['a'], ['categories']]);
});
