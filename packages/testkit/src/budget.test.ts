import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assertWithinBudget } from './budget.ts';

test('a cost within its budget passes, at it or below; one over it fails naming both and the detail', () => {
  assertWithinBudget(3, 4, 'a checkout');
  assertWithinBudget(4, 4, 'a checkout');
  assert.throws(() => assertWithinBudget(5, 4, 'a checkout', ['select 1']), /a checkout: 5, over its budget of 4\nselect 1/);
});
