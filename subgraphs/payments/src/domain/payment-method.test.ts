import assert from 'node:assert/strict';
import { test } from 'node:test';
import { becomesDefault, isExpired, successorOf } from './payment-method.ts';

test('a card is valid through the last day of its expiry month', () => {
  const card = { expMonth: 6, expYear: 2030 };
  assert.equal(isExpired(card, new Date('2030-06-30T23:59:59Z')), false);
  assert.equal(isExpired(card, new Date('2030-07-01T00:00:00Z')), true);
  assert.equal(isExpired(card, new Date('2029-12-01T00:00:00Z')), false);
  assert.equal(isExpired({ expMonth: 12, expYear: 2029 }, new Date('2030-01-01T00:00:00Z')), true);
});

test('the first method becomes the default; later ones only when asked', () => {
  assert.equal(becomesDefault(false, false), true);
  assert.equal(becomesDefault(false, true), false);
  assert.equal(becomesDefault(true, true), true);
});

test('removing the default promotes the newest remaining method', () => {
  const methods = [
    { id: 'pm_a', createdAt: new Date('2030-01-01') },
    { id: 'pm_c', createdAt: new Date('2030-03-01') },
    { id: 'pm_b', createdAt: new Date('2030-02-01') },
  ];
  assert.equal(successorOf(methods)?.id, 'pm_c');
  assert.equal(successorOf([]), undefined);
});
