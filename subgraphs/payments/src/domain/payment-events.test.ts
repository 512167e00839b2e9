import assert from 'node:assert/strict';
import { test } from 'node:test';
import { authorizationResult, refundResult, requestPayment, type MethodOnFile } from './payment-events.ts';

const method: MethodOnFile = { id: 'pm_1', customerId: 'cus_1', brand: 'VISA', last4: '4242', removedAt: null };
const request = { orderId: 'ord_1', customerId: 'cus_1', amount: { amount: 4999, currency: 'EUR' } };
const at = { id: 'pay_1', now: new Date('2030-01-01T00:00:00Z'), cause: { correlationId: 'corr-1', causationId: 'evt-1' } };

test('a request on the customer’s own card is PENDING with the card copied, and emits nothing yet', () => {
  const { payment, usable, events } = requestPayment(request, method, at);
  assert.equal(usable, true);
  assert.deepEqual([payment.status, payment.method, payment.correlationId], ['PENDING', { brand: 'VISA', last4: '4242' }, 'corr-1']);
  assert.deepEqual(events, []);
});

test('another customer’s, a removed or an unknown method fails the payment at once with PAYMENT_METHOD_NOT_FOUND', () => {
  for (const named of [{ ...method, customerId: 'cus_2' }, { ...method, removedAt: at.now }, undefined]) {
    const { payment, usable, events } = requestPayment(request, named, at);
    assert.deepEqual([usable, payment.status, payment.failureCode, payment.method], [false, 'FAILED', 'PAYMENT_METHOD_NOT_FOUND', null]);
    assert.deepEqual(events.map((e) => [e.eventType, e.causationId]), [['PaymentFailed', 'evt-1']]);
  }
});

test('a declined authorization fails the payment with the issuer’s code; events without a cause keep the saga’s correlation id', () => {
  const { payment } = requestPayment(request, method, at);
  const declined = authorizationResult(payment, { approved: false, code: 'CARD_DECLINED', message: 'Declined' }, {});
  assert.deepEqual([declined.change, declined.set.status, declined.set.failureCode], ['declined', 'FAILED', 'CARD_DECLINED']);
  assert.deepEqual([declined.event.eventType, declined.event.correlationId], ['PaymentFailed', 'corr-1']);
  const approved = authorizationResult(payment, { approved: true, authorizationId: 'auth_1' }, {});
  assert.deepEqual(approved.transaction, { kind: 'AUTHORIZATION', status: 'SUCCEEDED', gatewayReference: 'auth_1' });
});

test('a refund of what is left makes the payment REFUNDED, one of part of it PARTIALLY_REFUNDED', () => {
  const captured = { ...requestPayment(request, method, at).payment, status: 'CAPTURED' as const, capturedAmount: 4999, refundedAmount: 999 };
  assert.equal(refundResult(captured, { id: 'rfd_1', amount: 4000, reason: 'r' }, {}, at.now).status, 'REFUNDED');
  const partial = refundResult(captured, { id: 'rfd_1', amount: 1000, reason: 'r' }, {}, at.now);
  assert.deepEqual([partial.status, partial.refundedAmount], ['PARTIALLY_REFUNDED', 1999]);
});
