import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createCustomerInput } from './customer.ts';

test('emails are trimmed and lower-cased so one address maps to one customer', () => {
  const parsed = createCustomerInput.parse({ email: '  Ada@Example.COM ', firstName: 'Ada', lastName: 'Lovelace' });
  assert.equal(parsed.email, 'ada@example.com');
});

test('a malformed email is refused with a message naming the field', () => {
  const result = createCustomerInput.safeParse({ email: 'not-an-email', firstName: 'Ada', lastName: 'Lovelace' });
  assert.equal(result.success, false);
  assert.deepEqual(result.error?.issues.map((issue) => issue.path.join('.')), ['email']);
});

test('blank and oversized names are refused', () => {
  const blank = createCustomerInput.safeParse({ email: 'a@b.co', firstName: '  ', lastName: 'x'.repeat(101) });
  assert.equal(blank.success, false);
  assert.deepEqual(blank.error?.issues.map((issue) => issue.path.join('.')).sort(), ['firstName', 'lastName']);
});
