import assert from 'node:assert/strict';
import { test } from 'node:test';
import { advanceTo, createCursorCodec, replayFrom } from './cursor.ts';

const KEY = 'k'.repeat(32);
const codec = createCursorCodec([KEY]);
const cursor = { positions: { 'orders.events': [3, 0, 12], 'payments.events': [1, 2, 3] }, version: 4, scope: 'abc' };
/** The cursor's body with its JSON changed by `edit`, keeping the signature it came with. */
const tampered = (text: string, edit: (json: Record<string, unknown>) => void) => {
  const [body, signature] = text.split('.');
  const json = JSON.parse(Buffer.from(body!, 'base64url').toString('utf8')) as Record<string, unknown>;
  edit(json);
  return `${Buffer.from(JSON.stringify(json)).toString('base64url')}.${signature}`;
};

test('a cursor survives the round trip and anything else is refused', () => {
  const text = codec.encode(cursor);
  assert.match(text, /^[\w-]+\.[\w-]+$/);
  assert.deepEqual(codec.decode(text), cursor);
  assert.deepEqual(codec.decode(codec.encode({ positions: {}, scope: 's' })), { positions: {}, scope: 's' });
  for (const bad of ['', 'not a cursor!', 'abc', 'abc.def', `${text}.x`, 'a'.repeat(30_000), `${'a'.repeat(20_000)}.${text.split('.')[1]}`]) {
    assert.equal(codec.decode(bad), undefined, bad.slice(0, 40));
  }
});

test('a cursor whose positions, version or scope were changed, or that is unsigned, is refused', () => {
  const text = codec.encode(cursor);
  assert.equal(codec.decode(tampered(text, (json) => void (json.p = { 'orders.events': [0, 0, 0] }))), undefined);
  assert.equal(codec.decode(tampered(text, (json) => void (json.v = 1))), undefined);
  assert.equal(codec.decode(tampered(text, (json) => void (json.s = 'other'))), undefined);
  // The format before cursors were signed: the body alone.
  assert.equal(codec.decode(text.split('.')[0]!), undefined);
  const [body, signature] = text.split('.');
  assert.equal(codec.decode(`${body}.${signature!.replace(/^./, (c) => (c === 'A' ? 'B' : 'A'))}`), undefined);
});

test('a cursor signed with another key is refused; listing the old key after the new one keeps it valid', () => {
  const old = createCursorCodec(['o'.repeat(32)]).encode(cursor);
  assert.equal(codec.decode(old), undefined);
  const rotated = createCursorCodec([KEY, 'o'.repeat(32)]);
  assert.deepEqual(rotated.decode(old), cursor);
  assert.equal(createCursorCodec(['o'.repeat(32)]).decode(rotated.encode(cursor)), undefined, 'the first key signs');
});

test('positions only move forward, partition by partition, in the topics held', () => {
  const positions = { a: [1, 5], b: [2] };
  advanceTo(positions, { a: [3, 4], b: [2, 7], c: [1] });
  assert.deepEqual(positions, { a: [3, 5], b: [2, 7] });
});

test('replay starts at the cursor, never past the live edge, and at the edge for partitions the cursor lacks', () => {
  assert.deepEqual(replayFrom({ a: [1, 9] }, { a: [4, 6, 8], b: [2] }, ['a', 'b']), { a: [1, 6, 8], b: [2] });
});
