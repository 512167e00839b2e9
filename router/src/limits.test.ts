import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildSchema, getIntrospectionQuery, parse, validate } from 'graphql';
import { REQUEST_LIMITS, limitRules, limitRulesFor, limitedParse, maxDirectives, maxRootFields } from './limits.ts';

const schema = buildSchema('type Query { node: Node } type Node { id: ID child: Node }');
const errorsOf = (query: string) => validate(schema, parse(query, limitedParse), limitRules).map((error) => error.message);

test(`a document may alias ${REQUEST_LIMITS.aliases} fields, not one more`, () => {
  const aliased = (count: number) => `{ node { ${Array.from({ length: count }, (_, i) => `a${i}: id`).join(' ')} } }`;
  assert.deepEqual(errorsOf(aliased(REQUEST_LIMITS.aliases)), []);
  assert.deepEqual(errorsOf(aliased(REQUEST_LIMITS.aliases + 1)), [
    `The document has ${REQUEST_LIMITS.aliases + 1} aliases; at most ${REQUEST_LIMITS.aliases} are allowed. Send fewer fields per request.`,
  ]);
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

test(`an operation may select ${REQUEST_LIMITS.rootFields} root fields, not one more, counting through fragments`, () => {
  const roots = (count: number) => `{ ...R ${Array.from({ length: count - 1 }, (_, i) => `n${i}: node { id }`).join(' ')} } fragment R on Query { node { id } }`;
  // Each alias is also counted as an alias: stay within that limit here.
  const rules = [maxRootFields(REQUEST_LIMITS.rootFields)];
  const errors = (query: string) => validate(schema, parse(query), rules);
  assert.deepEqual(errors(roots(REQUEST_LIMITS.rootFields)), []);
  const [refused] = errors(roots(REQUEST_LIMITS.rootFields + 1));
  assert.equal(refused?.message, `The operation selects ${REQUEST_LIMITS.rootFields + 1} root fields; at most ${REQUEST_LIMITS.rootFields} are allowed. Split it into several requests.`);
  assert.deepEqual(refused?.extensions, { limit: 'rootFields', maximum: REQUEST_LIMITS.rootFields, measured: REQUEST_LIMITS.rootFields + 1 });
});

test(`a document may use ${REQUEST_LIMITS.directives} directives, not one more`, () => {
  const directives = (count: number) => `{ node { id ${'@include(if: true) '.repeat(count)} } }`;
  const rules = [maxDirectives(REQUEST_LIMITS.directives)];
  assert.deepEqual(validate(schema, parse(directives(REQUEST_LIMITS.directives)), rules), []);
  assert.deepEqual(
    validate(schema, parse(directives(REQUEST_LIMITS.directives + 1)), rules).map((e) => e.message),
    [`The document uses ${REQUEST_LIMITS.directives + 1} directives; at most ${REQUEST_LIMITS.directives} are allowed.`],
  );
});

test('limits come from the given definition', () => {
  const rules = limitRulesFor({ ...REQUEST_LIMITS, aliases: 1, depth: 2 });
  assert.match(validate(schema, parse('{ a: node { id } b: node { id } }'), rules)[0]?.message ?? '', /2 aliases; at most 1/);
  assert.match(validate(schema, parse('{ node { child { id } } }'), rules)[0]?.message ?? '', /nests 3 fields deep; at most 2/);
});
