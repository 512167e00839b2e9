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
