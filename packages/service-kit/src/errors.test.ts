import assert from 'node:assert/strict';
import { test } from 'node:test';
import { GraphQLError } from 'graphql';
import { z } from 'zod';
import { Refusal } from '@commerce/domain-kit';
import { createErrorFormatter, parseInput, refusalsAsErrors, userError } from './errors.ts';
import { createLogger } from './logger.ts';

const format = createErrorFormatter(createLogger('test', 'silent'));

test('coded errors reach the client with their code and without a stack trace', () => {
  const error = userError('NOT_FOUND', 'No such order.');
  const formatted = format({ message: error.message, extensions: { code: 'NOT_FOUND', stacktrace: ['at x'] } }, error);
  assert.deepEqual(formatted, { message: 'No such order.', extensions: { code: 'NOT_FOUND' } });
});

test('uncoded errors are masked so driver messages and SQL never reach the client', () => {
  const original = new Error('column "emial" of relation "customers" does not exist');
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

test('duplicate-key errors of PostgreSQL, MongoDB and FerretDB reach the client as CONFLICT without driver text', () => {
  const ferret = Object.assign(new Error('[msg_update.go:133] ERROR: duplicate key value violates unique constraint "categories_slug_idx" (SQLSTATE 23505)'), { code: 1 });
  for (const original of [
    Object.assign(new Error('duplicate key value violates unique constraint "customers_email_key"'), { code: '23505' }),
    Object.assign(new Error('E11000 duplicate key error collection: catalog.categories index: slug_1'), { code: 11000 }),
    ferret,
    new Error('outer', { cause: Object.assign(new Error('inner'), { code: '23505' }) }),
  ]) {
    const error = new GraphQLError(original.message, { originalError: original, path: ['updateCategory'] });
    const formatted = format({ message: error.message, path: ['updateCategory'], extensions: { code: 'INTERNAL_SERVER_ERROR' } }, error);
    assert.equal(formatted.extensions?.code, 'CONFLICT', original.message);
    assert.deepEqual(formatted.path, ['updateCategory']);
    assert.doesNotMatch(formatted.message, /constraint|E11000|SQLSTATE|categories|customers/);
  }
});

test('a CONFLICT a service chose keeps its own message', () => {
  const error = userError('CONFLICT', 'Another category already has this slug.');
  assert.equal(format({ message: error.message, extensions: { code: 'CONFLICT' } }, error).message, 'Another category already has this slug.');
});

test('other errors with a code of their own are not mistaken for duplicates', () => {
  for (const original of [Object.assign(new Error('relation "orders" does not exist'), { code: '42P01' }), Object.assign(new Error('x'), { code: 2 })]) {
    const error = new GraphQLError(original.message, { originalError: original });
    assert.equal(format({ message: error.message, extensions: { code: 'INTERNAL_SERVER_ERROR' } }, error).extensions?.code, 'INTERNAL_SERVER_ERROR');
  }
});

test('a store that is away answers SERVICE_UNAVAILABLE without driver text: PostgreSQL restarting, a lost connection, a refused socket', () => {
  for (const original of [
    Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }),
    Object.assign(new Error('Query failed'), { driverError: new Error('Connection terminated unexpectedly') }),
    Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }),
  ]) {
    const error = new GraphQLError(original.message, { originalError: original, path: ['placeOrder'] });
    const formatted = format({ message: error.message, path: ['placeOrder'], extensions: { code: 'INTERNAL_SERVER_ERROR' } }, error);
    assert.deepEqual(formatted, {
      message: 'This service is briefly unavailable; try again in a moment.',
      path: ['placeOrder'],
      extensions: { code: 'SERVICE_UNAVAILABLE' },
    });
  }
});

test('refusalsAsErrors turns a Refusal (or a subclass) into a coded GraphQL error with its extensions, and lets anything else through', async () => {
  class ShopError extends Refusal<'CONFLICT' | 'BAD_USER_INPUT'> {}
  await assert.rejects(
    refusalsAsErrors(() => Promise.reject(new ShopError('BAD_USER_INPUT', 'Too many.', { fields: [{ field: 'quantity', message: 'too many' }] }))),
    (err: unknown) =>
      err instanceof GraphQLError &&
      err.message === 'Too many.' &&
      err.extensions.code === 'BAD_USER_INPUT' &&
      JSON.stringify(err.extensions.fields) === '[{"field":"quantity","message":"too many"}]',
  );
  const crash = new Error('boom');
  await assert.rejects(refusalsAsErrors(() => Promise.reject(crash)), (err: unknown) => err === crash);
  assert.equal(await refusalsAsErrors(async () => 42), 42);
});
