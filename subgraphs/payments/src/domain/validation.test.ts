import assert from 'node:assert/strict';
import { test } from 'node:test';
import { addPaymentMethodInput, moneyInput, refundPaymentArgs } from './validation.ts';

const issues = (result: { success: boolean; error?: { issues: { path: PropertyKey[] }[] } }) =>
  result.error?.issues.map((issue) => issue.path.join('.')) ?? [];

test('money input parses exact minor units and names the offending field', () => {
  assert.deepEqual(moneyInput.parse({ amount: '19.99', currencyCode: 'EUR' }), { amount: 1999, currency: 'EUR' });
  assert.deepEqual(moneyInput.parse({ amount: '5', currencyCode: 'JPY' }), { amount: 5, currency: 'JPY' });
  assert.deepEqual(issues(moneyInput.safeParse({ amount: '1.999', currencyCode: 'EUR' })), ['amount']);
  assert.deepEqual(issues(moneyInput.safeParse({ amount: '0.00', currencyCode: 'EUR' })), ['amount']);
  assert.deepEqual(issues(moneyInput.safeParse({ amount: '-1', currencyCode: 'EUR' })), ['amount']);
  assert.deepEqual(issues(moneyInput.safeParse({ amount: '1', currencyCode: 'eur' })), ['currencyCode']);
  assert.deepEqual(issues(moneyInput.safeParse({ amount: '1', currencyCode: 'XYZ' })), ['currencyCode']);
});

test('a refund needs a payment id and a reason; the amount is optional', () => {
  const paymentId = 'pay_01JD3ZK5W7Y8X9Q2R3S4T5V6W7';
  const parsed = refundPaymentArgs.parse({ paymentId, reason: ' damaged ' });
  assert.deepEqual([parsed.paymentId, parsed.amount, parsed.reason], [paymentId, undefined, 'damaged']);
  assert.deepEqual(refundPaymentArgs.parse({ paymentId, amount: null, reason: 'x' }).amount, undefined);
  assert.deepEqual(issues(refundPaymentArgs.safeParse({ paymentId: 'ord_1', reason: '' })), ['paymentId', 'reason']);
});

test('a payment method is added from a gateway token; setDefault defaults to false', () => {
  assert.deepEqual(addPaymentMethodInput.parse({ token: 'tok_01JD3ZK5W7Y8X9Q2R3S4T5V6W7' }), {
    token: 'tok_01JD3ZK5W7Y8X9Q2R3S4T5V6W7',
    setDefault: false,
  });
  // A card number is never taken for a token, with or without separators: it would reach the gateway lookup.
  assert.deepEqual(issues(addPaymentMethodInput.safeParse({ token: '4242 4242 4242 4242' })), ['token']);
  assert.deepEqual(issues(addPaymentMethodInput.safeParse({ token: '4242424242424242' })), ['token']);
});
