import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildSchema, getIntrospectionQuery, parse, validate } from 'graphql';
import { REQUEST_LIMITS, limitRules, limitedParse } from './limits.ts';

const schema = buildSchema('type Query { node: Node } type Node { id: ID child: Node }');
const errorsOf = (query: string) => validate(schema, parse(query, limitedParse), limitRules).map((error) => error.message);

test(`a document may alias ${REQUEST_LIMITS.aliases} fields, not one more`, () => {
  const aliased = (count: number) => `{ node { ${Array.from({ length: count }, (_, i) => `a${i}: id`).join(' ')} } }`;
  assert.deepEqual(errorsOf(aliased(REQUEST_LIMITS.aliases)), []);
  assert.deepEqual(errorsOf(aliased(REQUEST_LIMITS.aliases + 1)), [`The document has more than ${REQUEST_LIMITS.aliases} aliases; send fewer fields per request.`]);
});

test('depth counts fields through fragments and inline fragments', () => {
  // node (1) + child × (depth − 2) + id: exactly the limit, then one more.
  const chain = (depth: number) => `{ node { ...F } } fragment F on Node { ${'child { ... on Node { '.repeat(depth - 2)}id${' } }'.repeat(depth - 2)} }`;
  assert.deepEqual(errorsOf(chain(REQUEST_LIMITS.depth)), []);
  assert.match(errorsOf(chain(REQUEST_LIMITS.depth + 1))[0] ?? '', new RegExp(`nests ${REQUEST_LIMITS.depth + 1} fields deep`));
});

test('fragments spread many times are measured once, so a fan-out document is answered at once', () => {
  const levels = 40;
  const fragments = Array.from({ length: levels }, (_, i) => `fragment F${i} on Node { child { ...F${i + 1} ...F${i + 1} } }`).join(' ');
  const started = Date.now();
  const errors = validate(schema, parse(`{ node { ...F0 } } ${fragments} fragment F${levels} on Node { id }`), limitRules);
  assert.ok(Date.now() - started < 1000);
  assert.match(errors.map((error) => error.message).join(), /nests 42 fields deep/);
});

test('the introspection query passes', () => {
  assert.deepEqual(errorsOf(getIntrospectionQuery()), []);
});

test('a document of more tokens than the limit is not parsed', () => {
  assert.throws(() => parse(`{ node { ${'id '.repeat(REQUEST_LIMITS.tokens)} } }`, limitedParse), /Document contains more th.. 5000 tokens/);
});
