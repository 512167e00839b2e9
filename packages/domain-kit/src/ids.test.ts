import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isId, newId } from './ids.ts';

test('ids carry their type prefix and are recognised as such', () => {
  const id = newId('ord');
  assert.ok(isId('ord', id));
  assert.ok(!isId('cus', id));
  assert.ok(!isId('ord', 'ord_not-a-ulid'));
});

test('ids minted one after another sort in creation order, even within a millisecond', () => {
  const ids = Array.from({ length: 1000 }, () => newId('evt'));
  assert.deepEqual([...ids].sort(), ids);
});

test('ids of different milliseconds draw fresh randomness: distinct, every character of the alphabet in use', (t) => {
  // Later than any id minted so far, or the monotonic factory would only increment.
  t.mock.timers.enable({ apis: ['Date'], now: Date.now() + 60_000 });
  const ids = Array.from({ length: 2000 }, () => {
    t.mock.timers.tick(1);
    return newId('evt');
  });
  assert.equal(new Set(ids).size, ids.length);
  // The last 16 characters are the random part; each position should use all 32 symbols.
  const firstRandomChars = new Set(ids.map((id) => id.at(-16)));
  assert.equal(firstRandomChars.size, 32);
  assert.deepEqual([...ids].sort(), ids, 'and they sort in creation order');
});
