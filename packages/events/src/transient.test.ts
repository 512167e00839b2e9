import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isTransientError } from './transient.ts';

const withCode = (code: string, message = 'x') => Object.assign(new Error(message), { code });

test('a store or broker that is away is transient: PostgreSQL restarting, refused sockets, lost pg connections, Mongo network errors, retriable Kafka errors', () => {
  for (const err of [
    withCode('57P01', 'terminating connection due to administrator command'),
    withCode('57P03', 'the database system is starting up'),
    withCode('08006'),
    withCode('40P01', 'deadlock detected'),
    withCode('ECONNREFUSED'),
    new Error('Connection terminated unexpectedly'),
    new Error('timeout exceeded when trying to connect'),
    Object.assign(new Error('x'), { name: 'MongoServerSelectionError' }),
    Object.assign(new Error('Query runner already released. Cannot run queries anymore.'), { name: 'QueryRunnerAlreadyReleasedError' }),
    Object.assign(new Error('x'), { name: 'KafkaJSProtocolError', retriable: true }),
    Object.assign(new Error('Query failed'), { driverError: withCode('57P01') }),
    Object.assign(new Error('outer'), { cause: withCode('ECONNRESET') }),
  ]) {
    assert.equal(isTransientError(err), true, `${err.message} ${JSON.stringify(err)}`);
  }
});

test("an error of the work's own making is not transient: constraint violations, bad data, plain errors, non-retriable Kafka errors", () => {
  for (const err of [
    withCode('23505', 'duplicate key value violates unique constraint'),
    withCode('22P02', 'invalid input syntax'),
    new Error('cannot apply poison'),
    Object.assign(new Error('x'), { name: 'KafkaJSProtocolError', retriable: false }),
    'a string',
    undefined,
  ]) {
    assert.equal(isTransientError(err), false, String(err));
  }
});
