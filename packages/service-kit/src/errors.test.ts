import assert from 'node:assert/strict';
import { test } from 'node:test';
import { GraphQLError } from 'graphql';
import { z } from 'zod';
import { createErrorFormatter, parseInput, userError } from './errors.ts';
import { createLogger } from './logger.ts';

const format = createErrorFormatter(createLogger('test', 'silent'));

test('coded errors reach the client with their code and without a stack trace', () => {
  const error = userError('NOT_FOUND', 'No such order.');
  const formatted = format({ message: error.message, extensions: { code: 'NOT_FOUND', stacktrace: ['at x'] } }, error);
  assert.deepEqual(formatted, { message: 'No such order.', extensions: { code: 'NOT_FOUND' } });
});

test('uncoded errors are masked so driver messages and SQL never reach the client', () => {
  const original = new Error('duplicate key value violates unique constraint "customers_email_key"');
  const error = new GraphQLError(original.message, { originalError: original, path: ['createCustomer'] });
  const formatted = format({ message: error.message, path: ['createCustomer'], extensions: { code: 'INTERNAL_SERVER_ERROR' } }, error);
  assert.deepEqual(formatted, {
    message: 'Internal server error',
    path: ['createCustomer'],
    extensions: { code: 'INTERNAL_SERVER_ERROR' },
  });
});

test('parseInput returns the parsed value or a BAD_USER_INPUT error naming each field', () => {
  const schema = z.object({ email: z.email(), age: z.number().int().min(0) });
  assert.deepEqual(parseInput(schema, { email: 'a@b.co', age: 3 }), { email: 'a@b.co', age: 3 });
  assert.throws(
    () => parseInput(schema, { email: 'nope', age: -1 }),
    (error: GraphQLError) => {
      assert.equal(error.extensions.code, 'BAD_USER_INPUT');
      assert.deepEqual(
        (error.extensions.fields as { field: string }[]).map((f) => f.field),
        ['email', 'age'],
      );
      assert.match(error.message, /^Invalid input: email .+; age .+\.$/);
      return true;
    },
  );
});
