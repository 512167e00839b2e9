import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cardDigits, groupCardNumber } from './card-number.ts';

test('a card number is shown in groups of four as it is typed', () => {
  assert.equal(groupCardNumber('4').text, '4');
  assert.equal(groupCardNumber('4242').text, '4242');
  assert.equal(groupCardNumber('42424').text, '4242 4');
  assert.equal(groupCardNumber('4242424242424242').text, '4242 4242 4242 4242');
  // Pasted with dashes or odd spacing, and past the longest card number.
  assert.equal(groupCardNumber('4242-4242 42424242').text, '4242 4242 4242 4242');
  assert.equal(groupCardNumber('12345678901234567890123').text, '1234 5678 9012 3456 789');
});

test('the caret stays after the digit it followed when the grouping moves', () => {
  // Typing the fifth digit at the end moves the caret past the new space.
  assert.deepEqual(groupCardNumber('42424', 5), { text: '4242 4', caret: 6 });
  // A digit typed in the middle of the first group: the caret stays after it.
  assert.deepEqual(groupCardNumber('42x42 4242', 3), { text: '4242 4242', caret: 2 });
  assert.deepEqual(groupCardNumber('424 2 4242', 3), { text: '4242 4242', caret: 3 });
  // Deleting the digit after a space leaves the caret where it was.
  assert.deepEqual(groupCardNumber('4242 242', 5), { text: '4242 242', caret: 4 });
});

test('only the digits are sent', () => {
  assert.equal(cardDigits('4242 4242 4242 4242'), '4242424242424242');
  assert.equal(cardDigits(' 5555-5555 5555 4444 '), '5555555555554444');
});
