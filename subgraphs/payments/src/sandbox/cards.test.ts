import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TEST_CARDS, behaviourOf, brandOf, cardProblems, isLuhnValid, normalizeNumber } from './cards.ts';

test('the Luhn check accepts every documented test card and rejects a changed digit', () => {
  for (const number of Object.keys(TEST_CARDS)) assert.equal(isLuhnValid(number), true, number);
  assert.equal(isLuhnValid('4242424242424241'), false);
  assert.equal(isLuhnValid('79927398713'), true);
  assert.equal(isLuhnValid('79927398710'), false);
  assert.equal(isLuhnValid('4242-4242'), false, 'digits only');
});

test('brands follow the issuer prefixes', () => {
  assert.equal(brandOf('4242424242424242'), 'VISA');
  assert.equal(brandOf('5555555555554444'), 'MASTERCARD');
  assert.equal(brandOf('2223003122003222'), 'MASTERCARD');
  assert.equal(brandOf('378282246310005'), 'AMEX');
  assert.equal(brandOf('6011111111111117'), 'DISCOVER');
  assert.equal(brandOf('3056930009020004'), 'UNKNOWN');
});

test('the test cards behave as documented; any other valid number approves', () => {
  assert.equal(behaviourOf('4242424242424242'), 'APPROVE');
  assert.equal(behaviourOf('5555555555554444'), 'APPROVE');
  assert.equal(behaviourOf('4000000000009995'), 'DECLINE_INSUFFICIENT_FUNDS');
  assert.equal(behaviourOf('4000000000000069'), 'DECLINE_CARD_EXPIRED');
  assert.equal(behaviourOf('4000000000000002'), 'DECLINE_CARD_DECLINED');
  assert.equal(behaviourOf('4000000000000119'), 'TRANSIENT');
  assert.equal(behaviourOf('378282246310005'), 'APPROVE');
});

test('card form problems name each field; spaces and dashes in the number are allowed', () => {
  const valid = { number: '4242 4242-4242 4242', expMonth: 1, expYear: 2031, cvc: '123', holderName: 'Ada' };
  assert.equal(normalizeNumber(valid.number), '4242424242424242');
  assert.deepEqual(cardProblems(valid), []);
  assert.deepEqual(
    cardProblems({ number: '12ab', expMonth: 0, expYear: 31, cvc: '1234', holderName: ' ' }).map((p) => p.field),
    ['number', 'expMonth', 'expYear', 'cvc', 'holderName'],
  );
  assert.deepEqual(cardProblems({ ...valid, number: '378282246310005', cvc: '123' }).map((p) => p.message), ['must be 4 digits']);
  assert.deepEqual(cardProblems({ ...valid, number: '4242424242424241' }).map((p) => p.message), ['is not a valid card number']);
});
