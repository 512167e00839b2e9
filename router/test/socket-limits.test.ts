import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { errorCodes, gql, unique } from '@commerce/testkit';
import { REQUEST_LIMITS } from '../src/limits.ts';
import { ADDRESS } from './checkout-support.ts';
import { connect, errorCodesOf, type LiveConnection } from './live.ts';
import { startStack, type Stack } from './stack.ts';

/** `count` aliased addAddress mutations: each one that ran would leave an address behind. */
const addAddresses = (count: number) =>
  `mutation ($a: AddressInput!) { ${Array.from({ length: count }, (_, i) => `a${i}: addAddress(input: $a) { id }`).join(' ')} }`;

describe('graphql-ws meets the same request limits as HTTP', () => {
  let stack: Stack;
  const connections: LiveConnection[] = [];
  let customer: { authorization: string };
  const live = () => {
    const connection = connect(stack.url, customer);
    connections.push(connection);
    return connection;
  };
  const addresses = async () => {
    const response = await gql(stack.url, '{ me { addresses { id } } }', {}, customer);
    assert.deepEqual(errorCodes(response), []);
    return (response.data?.me as { addresses: unknown[] }).addresses;
  };

  before(async () => {
    stack = await startStack({ events: true });
    const registered = await gql(stack.url, 'mutation ($i: RegisterInput!) { register(input: $i) { accessToken } }', {
      i: { email: `${unique()}@example.com`, password: 'a-long-password', firstName: 'Ada', lastName: 'Limits' },
    });
    customer = { authorization: `Bearer ${(registered.data?.register as { accessToken: string }).accessToken}` };
  });
  after(async () => {
    await Promise.all(connections.map((c) => c.dispose().catch(() => undefined)));
    await stack.close();
  });

  test('a message over the request size limit closes the socket with 1009 and runs nothing; over HTTP it is a 413', async () => {
    const oversized = `${addAddresses(1)} # ${'x'.repeat(REQUEST_LIMITS.bytes)}`;
    const connection = live();
    await connection.opened;
    const refused = connection.subscribe(oversized, { a: ADDRESS });
    const closed = await Promise.race([connection.closed, sleep(10_000, { code: 'still open' })]);
    assert.equal(closed.code, 1009, 'Message Too Big');
    await refused.ended();
    assert.deepEqual(refused.received, []);
    const overHttp = await fetch(stack.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...customer },
      body: JSON.stringify({ query: oversized, variables: { a: ADDRESS } }),
    });
    assert.equal(overHttp.status, 413);
    assert.deepEqual(await addresses(), []);
  });

  test('a document over the alias, depth or token limit gets a coded error over the socket, as over HTTP, and never runs', async () => {
    const connection = live();
    const deep = `{ me { ${'reviews { edges { node { product { '.repeat(4)}id${' } } } }'.repeat(4)} } }`;
    const cases: [string, string][] = [
      [addAddresses(REQUEST_LIMITS.aliases + 1), 'GRAPHQL_VALIDATION_FAILED'],
      [`subscription { myOrderUpdates { ${Array.from({ length: REQUEST_LIMITS.aliases + 1 }, (_, i) => `a${i}: id`).join(' ')} } }`, 'GRAPHQL_VALIDATION_FAILED'],
      [deep, 'GRAPHQL_VALIDATION_FAILED'],
      [`mutation ($a: AddressInput!) { addAddress(input: $a) { ${'id '.repeat(REQUEST_LIMITS.tokens)} } }`, 'GRAPHQL_PARSE_FAILED'],
    ];
    for (const [query, code] of cases) {
      const overSocket = connection.subscribe(query, { a: ADDRESS });
      await overSocket.ended();
      // One code, however many limits the document is over (31 aliased root fields: aliases and root fields).
      assert.deepEqual([...new Set(errorCodesOf(overSocket.error))], [code], `${query.slice(0, 80)}: ${JSON.stringify(overSocket.error)?.slice(0, 300)}`);
      assert.deepEqual(overSocket.received, []);
      if (!query.startsWith('subscription')) assert.deepEqual([...new Set(errorCodes(await gql(stack.url, query, { a: ADDRESS }, customer)))], [code], 'the same over HTTP');
    }
    assert.deepEqual(await addresses(), [], 'no mutation ran');
    // The limits are limits, not a ban: the same mutation within them runs, on the same socket.
    const [added] = await connection.subscribe(addAddresses(1), { a: ADDRESS }).until((received) => received.length === 1);
    assert.equal(added?.errors, undefined, JSON.stringify(added));
    assert.equal((await addresses()).length, 1);
  });
});
