import assert from 'node:assert/strict';
import { test } from 'node:test';
import { planRefund, refundableAmount } from './refund.ts';

const captured = (capturedAmount: number, refundedAmount = 0) => ({
  status: refundedAmount > 0 ? ('PARTIALLY_REFUNDED' as const) : ('CAPTURED' as const),
  currency: 'EUR',
  capturedAmount,
  refundedAmount,
});
const EUR = (amount: number) => ({ amount, currency: 'EUR' });

test('what is left to refund excludes refunds done and refunds on their way', () => {
  assert.equal(refundableAmount({ capturedAmount: 1000, refundedAmount: 300 }, 200), 500);
  assert.equal(refundableAmount({ capturedAmount: 1000, refundedAmount: 1000 }, 0), 0);
});

test('without an amount, a refund gives back everything left', () => {
  assert.deepEqual(planRefund(captured(1000), 0, undefined), { ok: true, amount: 1000 });
  assert.deepEqual(planRefund(captured(1000, 250), 0, undefined), { ok: true, amount: 750 });
  assert.deepEqual(planRefund(captured(1000, 250), 700, undefined), { ok: true, amount: 50 });
});

test('partial refunds may add up to the captured amount exactly, never more', () => {
  assert.deepEqual(planRefund(captured(1000), 0, EUR(400)), { ok: true, amount: 400 });
  assert.deepEqual(planRefund(captured(1000, 400), 0, EUR(600)), { ok: true, amount: 600 });
  assert.deepEqual(planRefund(captured(1000, 400), 0, EUR(601)), { ok: false, reason: 'EXCEEDS_REFUNDABLE', refundable: 600 });
  assert.deepEqual(planRefund(captured(1000, 400), 100, EUR(501)), { ok: false, reason: 'EXCEEDS_REFUNDABLE', refundable: 500 });
});

test('uncaptured payments cannot be refunded; refunded ones have nothing left', () => {
  for (const status of ['PENDING', 'AUTHORIZED', 'FAILED', 'VOIDED'] as const) {
    assert.deepEqual(planRefund({ ...captured(0), status }, 0, undefined), { ok: false, reason: 'NOT_CAPTURED', refundable: 0 });
  }
  assert.deepEqual(planRefund({ ...captured(1000, 1000), status: 'REFUNDED' }, 0, EUR(1)), { ok: false, reason: 'FULLY_REFUNDED', refundable: 0 });
  assert.deepEqual(planRefund(captured(1000, 600), 400, undefined), { ok: false, reason: 'FULLY_REFUNDED', refundable: 0 });
});

test('a refund in another currency than the payment is refused', () => {
  assert.deepEqual(planRefund(captured(1000), 0, { amount: 100, currency: 'USD' }), { ok: false, reason: 'CURRENCY_MISMATCH', refundable: 1000 });
});
