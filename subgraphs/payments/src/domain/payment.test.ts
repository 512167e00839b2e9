import assert from 'node:assert/strict';
import { test } from 'node:test';
import { NO_FACTS, canApply, mayHaveRefunds, nextStep, statusAfterRefunds, statusesAllowing, type Payment } from './payment.ts';
import { PAYMENT_STATUSES, type PaymentStatus } from './payment-status.ts';
import { planRefund } from './refund.ts';

const payment = (status: PaymentStatus, amounts: Partial<Pick<Payment, 'capturedAmount' | 'refundedAmount'>> = {}): Payment => ({
  id: 'pay_01JD3ZK5W7Y8X9Q2R3S4T5V6W7',
  orderId: 'ord_01JD3ZK5W7Y8X9Q2R3S4T5V6W7',
  customerId: 'cus_01JD3ZK5W7Y8X9Q2R3S4T5V6W7',
  paymentMethodId: 'pm_01JD3ZK5W7Y8X9Q2R3S4T5V6W7',
  method: { brand: 'VISA', last4: '4242' },
  amount: 1000,
  currency: 'EUR',
  status,
  capturedAmount: 0,
  refundedAmount: 0,
  authorizationReference: null,
  captureReference: null,
  failureCode: null,
  failureMessage: null,
  correlationId: null,
  createdAt: new Date(0),
  updatedAt: new Date(0),
  ...amounts,
});
const confirmed = { ...NO_FACTS, captureRequested: true };
const cancelled = { ...NO_FACTS, cancelled: true, cancelReason: 'customer request' };
const both = { captureRequested: true, cancelled: true, cancelReason: 'customer request' };

test('a pending payment is authorized, whatever else is known about the order', () => {
  for (const facts of [NO_FACTS, confirmed, cancelled, both]) assert.deepEqual(nextStep(payment('PENDING'), facts, []), { kind: 'authorize' });
});

test('an authorized payment waits for confirmation to capture, and is voided once the order is cancelled (even if confirmed)', () => {
  assert.deepEqual(nextStep(payment('AUTHORIZED'), NO_FACTS, []), { kind: 'none' });
  assert.deepEqual(nextStep(payment('AUTHORIZED'), confirmed, []), { kind: 'capture' });
  assert.deepEqual(nextStep(payment('AUTHORIZED'), cancelled, []), { kind: 'void' });
  assert.deepEqual(nextStep(payment('AUTHORIZED'), both, []), { kind: 'void' });
});

test('a captured payment of a cancelled order is refunded what is left of it', () => {
  assert.deepEqual(nextStep(payment('CAPTURED', { capturedAmount: 1000 }), confirmed, []), { kind: 'none' });
  assert.deepEqual(nextStep(payment('CAPTURED', { capturedAmount: 1000 }), both, []), { kind: 'refund-remaining', amount: 1000 });
  assert.deepEqual(nextStep(payment('PARTIALLY_REFUNDED', { capturedAmount: 1000, refundedAmount: 300 }), both, []), {
    kind: 'refund-remaining',
    amount: 700,
  });
});

test('a recorded refund intent is sent to the gateway before anything else', () => {
  const refund = { id: 'rfd_01JD3ZK5W7Y8X9Q2R3S4T5V6W7', amount: 400, reason: 'damaged' };
  assert.deepEqual(nextStep(payment('CAPTURED', { capturedAmount: 1000 }), both, [refund]), { kind: 'refund', refund });
});

test('final states and a missing payment need nothing more', () => {
  for (const status of ['FAILED', 'VOIDED', 'REFUNDED'] as const) {
    for (const facts of [NO_FACTS, confirmed, cancelled, both]) assert.deepEqual(nextStep(payment(status, { capturedAmount: 1000, refundedAmount: 1000 }), facts, []), { kind: 'none' });
  }
  assert.deepEqual(nextStep(undefined, both, []), { kind: 'none' });
});

test('gateway results apply only to the status they were asked for in; late ones are dropped', () => {
  const allowed: Record<string, PaymentStatus[]> = {
    authorized: ['PENDING'],
    declined: ['PENDING'],
    captured: ['AUTHORIZED'],
    voided: ['AUTHORIZED'],
    refunded: ['CAPTURED', 'PARTIALLY_REFUNDED'],
  };
  for (const [change, from] of Object.entries(allowed)) {
    for (const status of PAYMENT_STATUSES) {
      assert.equal(canApply(status, change as keyof typeof allowed & 'authorized'), from.includes(status), `${change} from ${status}`);
    }
    assert.deepEqual(statusesAllowing(change as keyof typeof allowed & 'authorized'), from);
  }
});

test('only a payment that was captured can have refunds: the others are refused one, and no refund leads back to them', () => {
  for (const status of PAYMENT_STATUSES) {
    const refundable = planRefund(payment(status, { capturedAmount: 1000 }), 0, undefined).ok;
    assert.equal(mayHaveRefunds(status), refundable || status === 'REFUNDED', status);
  }
  assert.ok(mayHaveRefunds(statusAfterRefunds(1000, 1)) && mayHaveRefunds(statusAfterRefunds(1000, 1000)));
});

test('a payment is fully refunded once refunds reach the captured amount', () => {
  assert.equal(statusAfterRefunds(1000, 1), 'PARTIALLY_REFUNDED');
  assert.equal(statusAfterRefunds(1000, 999), 'PARTIALLY_REFUNDED');
  assert.equal(statusAfterRefunds(1000, 1000), 'REFUNDED');
});
