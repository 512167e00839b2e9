import assert from 'node:assert/strict';
import { test } from 'node:test';
import { advanceTo, decodeCursor, encodeCursor, replayFrom } from './cursor.ts';

test('a cursor survives the round trip and anything else is refused', () => {
  const cursor = { positions: { 'orders.events': [3, 0, 12], 'payments.events': [1, 2, 3] }, version: 4, scope: 'abc' };
  const text = encodeCursor(cursor);
  assert.match(text, /^[\w-]+$/);
  assert.deepEqual(decodeCursor(text), cursor);
  assert.deepEqual(decodeCursor(encodeCursor({ positions: {}, scope: 's' })), { positions: {}, scope: 's' });
  for (const bad of ['', 'not a cursor!', 'abc', Buffer.from('{"p":{"t":[-1]}}').toString('base64url'), Buffer.from('{"p":{},"s":"a","x":1}').toString('base64url'), Buffer.from('{"p":{}}').toString('base64url'), Buffer.from('[]').toString('base64url'), 'a'.repeat(30_000)]) {
    assert.equal(decodeCursor(bad), undefined, bad.slice(0, 40));
  }
});

test('positions only move forward, partition by partition, in the topics held', () => {
  const positions = { a: [1, 5], b: [2] };
  advanceTo(positions, { a: [3, 4], b: [2, 7], c: [1] });
  assert.deepEqual(positions, { a: [3, 5], b: [2, 7] });
});

test('replay starts at the cursor, never past the live edge, and at the edge for partitions the cursor lacks', () => {
  assert.deepEqual(replayFrom({ a: [1, 9] }, { a: [4, 6, 8], b: [2] }, ['a', 'b']), { a: [1, 6, 8], b: [2] });
});
