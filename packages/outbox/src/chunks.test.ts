import assert from 'node:assert/strict';
import { test } from 'node:test';
import { chunkBySize } from './chunks.ts';

test('messages are split in order into runs under the byte budget; one bigger than it goes alone', () => {
  const message = (id: string, bytes: number) => ({ key: id, value: 'x'.repeat(bytes) });
  const chunks = chunkBySize([message('a', 400), message('b', 400), message('c', 400), message('d', 2000), message('e', 10)], 1000);
  assert.deepEqual(chunks.map((chunk) => chunk.map((m) => m.key)), [['a', 'b'], ['c'], ['d'], ['e']]);
  assert.deepEqual(chunkBySize([], 1000), []);
});
