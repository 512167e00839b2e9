import assert from 'node:assert/strict';
import { test } from 'node:test';
import { IllegalTransitionError, ORDER_STATUSES, canTransition, decideCancellation, transition, type OrderStatus } from './order-status.ts';

const LEGAL: [OrderStatus, OrderStatus][] = [
  ['PENDING', 'AWAITING_PAYMENT'],
  ['PENDING', 'CANCELLED'],
  ['AWAITING_PAYMENT', 'CONFIRMED'],
  ['AWAITING_PAYMENT', 'CANCELLED'],
  ['CONFIRMED', 'SHIPPED'],
  ['CONFIRMED', 'CANCELLED'],
  ['SHIPPED', 'DELIVERED'],
];

test('exactly the transitions of the saga are legal', () => {
  for (const from of ORDER_STATUSES) {
    for (const to of ORDER_STATUSES) {
      const legal = LEGAL.some(([a, b]) => a === from && b === to);
      assert.equal(canTransition(from, to), legal, `${from} → ${to}`);
    }
  }
});

test('a legal transition carries its reason; an illegal one is refused with IllegalTransitionError', () => {
  for (const [from, to] of LEGAL) assert.deepEqual(transition(from, to, 'why'), { from, to, reason: 'why' });
  for (const from of ORDER_STATUSES) {
    for (const to of ORDER_STATUSES) {
      if (LEGAL.some(([a, b]) => a === from && b === to)) continue;
      assert.throws(() => transition(from, to, 'why'), IllegalTransitionError, `${from} → ${to}`);
    }
  }
});

test('DELIVERED and CANCELLED are final, and no state goes back', () => {
  for (const to of ORDER_STATUSES) {
    assert.equal(canTransition('DELIVERED', to), false);
    assert.equal(canTransition('CANCELLED', to), false);
  }
  assert.equal(canTransition('CONFIRMED', 'AWAITING_PAYMENT'), false);
  assert.equal(canTransition('SHIPPED', 'CONFIRMED'), false);
  assert.equal(canTransition('PENDING', 'PENDING'), false);
});

test('an order can be cancelled before it ships, and the refusal afterwards says why', () => {
  for (const status of ['PENDING', 'AWAITING_PAYMENT', 'CONFIRMED'] as const) {
    assert.deepEqual(decideCancellation({ status, number: 'CM-1' }, 'changed my mind'), {
      ok: true,
      transition: { from: status, to: 'CANCELLED', reason: 'changed my mind' },
    });
  }
  const refusal = (status: OrderStatus) => {
    const decision = decideCancellation({ status, number: 'CM-00000007' }, 'too late');
    assert.equal(decision.ok, false, status);
    return decision.ok ? '' : decision.message;
  };
  assert.equal(refusal('SHIPPED'), 'Order CM-00000007 has already shipped and can no longer be cancelled.');
  assert.equal(refusal('DELIVERED'), 'Order CM-00000007 has already been delivered and can no longer be cancelled.');
  assert.equal(refusal('CANCELLED'), 'Order CM-00000007 is already cancelled and can no longer be cancelled.');
});
