import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CombinedError } from 'urql';
import { fieldErrorsOf, messageFor } from './errors.ts';

test('field errors are read from extensions.fields and from the unstorable-text extensions.field', () => {
  const error = new CombinedError({
    graphQLErrors: [
      { message: 'Invalid input: 0.price must be a non-negative decimal amount.', extensions: { code: 'BAD_USER_INPUT', fields: [{ field: '0.price', message: 'must be a non-negative decimal amount such as "19.99"' }] } },
      { message: 'Text no store can keep', extensions: { code: 'BAD_USER_INPUT', field: 'input.name' } },
    ],
  });
  const fields = fieldErrorsOf(error);
  assert.deepEqual(fields.map((f) => f.field), ['0.price', 'input.name']);
  assert.equal(messageFor(fields, 'price', '0.'), 'must be a non-negative decimal amount such as "19.99"');
  assert.equal(messageFor(fields, 'name', 'input.'), 'Text no store can keep');
  assert.equal(messageFor(fields, 'pri'), undefined);
});

test('a refusal without field errors has none', () => {
  assert.deepEqual(fieldErrorsOf(new CombinedError({ graphQLErrors: [{ message: 'no', extensions: { code: 'FORBIDDEN' } }] })), []);
  assert.deepEqual(fieldErrorsOf(undefined), []);
});
