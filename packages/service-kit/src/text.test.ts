import assert from 'node:assert/strict';
import { test } from 'node:test';
import { findTextProblem, textProblem } from './text.ts';

test('ordinary text, emoji and other astral characters pass', () => {
  for (const value of ['', 'Ada Lovelace', 'Zoë 👩🏽‍💻 𝔘𝔫𝔦𝔠𝔬𝔡𝔢', 'tab\tand newline\n']) assert.equal(textProblem(value), undefined, value);
});

test('a NUL character anywhere in a string is refused', () => {
  for (const value of ['a\u0000b', '\u0000', 'end\u0000']) assert.match(textProblem(value) ?? '', /NUL/, JSON.stringify(value));
});

test('a lone high or low surrogate is refused, a surrogate pair is not', () => {
  for (const value of ['a\ud800b', 'a\udc00b', 'end\ud83d', '\ude00start', '\udc00\ud800']) {
    assert.match(textProblem(value) ?? '', /surrogate/, JSON.stringify(value));
  }
  assert.equal(textProblem('\ud83d\ude00'), undefined);
});

test('findTextProblem names the path of the first bad string inside objects and lists', () => {
  assert.equal(findTextProblem({ input: { firstName: 'Ada', tags: ['ok'] } }), undefined);
  assert.deepEqual(findTextProblem({ firstName: 'a\u0000b' }, ['input']), { field: 'input.firstName', message: 'contains a NUL character' });
  assert.deepEqual(findTextProblem({ lines: [{ sku: 'ok' }, { sku: 'a\ud800b' }] }, ['input'])?.field, 'input.lines.1.sku');
  assert.deepEqual(findTextProblem('x\u0000', ['id'])?.field, 'id');
  assert.deepEqual(findTextProblem(['a', 'b\u0000'], ['ids'])?.field, 'ids.1');
});

test('findTextProblem refuses bad object keys and ignores numbers, booleans and null', () => {
  assert.deepEqual(findTextProblem({ 'k\u0000': 1 }, ['json'])?.field, 'json.k\u0000');
  assert.equal(findTextProblem({ a: 1, b: true, c: null, d: undefined, e: [2.5] }), undefined);
});
