import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { errorCodes, gql, unique } from '@commerce/testkit';
import { typeDefs as customersSdl } from '../../subgraphs/customers/src/server.ts';
import { startStack, type Stack } from './stack.ts';

describe('router over the customers and catalog subgraphs', () => {
  let stack: Stack;
  let admin: Record<string, string>;

  before(async () => {
    stack = await startStack();
    const login = await gql(stack.url, 'mutation ($input: LoginInput!) { login(input: $input) { accessToken } }', {
      input: { email: stack.admin.email, password: stack.admin.password },
    });
    admin = { authorization: `Bearer ${login.data!.login.accessToken}` };
  });

  after(async () => {
    await stack.close();
  });

  const createProduct = async (name: string) =>
    (
      await gql(stack.url, 'mutation ($input: CreateProductInput!) { createProduct(input: $input) { id slug } }', {
        input: { name, slug: unique(`${name.toLowerCase()}-`) },
      }, admin)
    ).data!.createProduct as { id: string; slug: string };

  test('one query returns a product from the catalog with its creator from the customers subgraph', async () => {
    const product = await createProduct('Compiler');
    const response = await gql(
      stack.url,
      'query ($id: ID!) { product(id: $id) { id name slug createdBy { id email firstName lastName } } }',
      { id: product.id },
      admin,
    );
    assert.equal(response.errors, undefined);
    assert.deepEqual(response.data?.product, {
      id: product.id,
      name: 'Compiler',
      slug: product.slug,
      createdBy: { id: stack.admin.id, email: stack.admin.email, firstName: 'Admin', lastName: 'Admin' },
    });
  });

  test('bad input through the router keeps its code and leaks nothing internal', async () => {
    const response = await gql(stack.url, 'mutation { register(input: { email: "nope", password: "x", firstName: "A", lastName: "B" }) { accessToken } }');
    assert.deepEqual(errorCodes(response), ['BAD_USER_INPUT']);
    assert.doesNotMatch(JSON.stringify(response), /stacktrace|at [A-Za-z]+ \(|postgres|typeorm/i);
  });

  test('a malformed document is refused with GRAPHQL_PARSE_FAILED and status 400', async () => {
    const response = await gql(stack.url, '{ products { id ');
    assert.equal(response.status, 400);
    assert.deepEqual(errorCodes(response), ['GRAPHQL_PARSE_FAILED']);
  });

  test('health answers on /health', async () => {
    const response = await fetch(stack.url.replace('/graphql', '/health'));
    assert.equal(response.status, 200);
    assert.deepEqual(await response.json(), { status: 'ok' });
  });

  test('the socket on the same path runs queries; without Kafka, subscriptions get a clear error', async () => {
    const client = createClient({ url: stack.url.replace('http', 'ws'), webSocketImpl: WebSocket, retryAttempts: 0, connectionParams: admin });
    const run = (query: string) =>
      new Promise<{ data?: unknown; errors?: readonly { message: string; extensions?: Record<string, unknown> }[] }>((resolve, reject) => {
        let result: unknown;
        client.subscribe(
          { query },
          { next: (value) => void (result = value), error: (e) => resolve({ errors: e as never }), complete: () => resolve(result as never) },
        );
        setTimeout(() => reject(new Error('no answer')), 10_000);
      });
    try {
      const me = await run('{ me { email } }');
      assert.deepEqual(me.data, { me: { email: stack.admin.email } });
      const refused = await run('subscription { myOrderUpdates { id } }');
      assert.equal(refused.errors?.[0]?.extensions?.code, 'SERVICE_UNAVAILABLE');
      assert.match(refused.errors?.[0]?.message ?? '', /not enabled/);
    } finally {
      await client.dispose();
    }
  });

  test('the router picks up a rewritten supergraph file and keeps serving when a bad one arrives', async () => {
    const customersOnly = composeServices([
      { name: 'customers', url: 'http://127.0.0.1:1/graphql', typeDefs: parse(customersSdl) },
    ]);
    assert.ok(customersOnly.supergraphSdl);
    const original = await readFile(stack.supergraphPath, 'utf8');
    const productsQuery = '{ products(first: 1) { totalCount } }';
    assert.equal((await gql(stack.url, productsQuery)).errors, undefined);

    await writeFile(stack.supergraphPath, customersOnly.supergraphSdl);
    assert.ok(await eventually(async () => errorCodes(await gql(stack.url, productsQuery))[0] === 'GRAPHQL_VALIDATION_FAILED'));

    await writeFile(stack.supergraphPath, 'this is not a supergraph');
    await sleep(500);
    assert.deepEqual(errorCodes(await gql(stack.url, productsQuery)), ['GRAPHQL_VALIDATION_FAILED'], 'still the last good schema');

    await writeFile(stack.supergraphPath, original);
    assert.ok(await eventually(async () => (await gql(stack.url, productsQuery)).errors === undefined));
  });
});

async function eventually(check: () => Promise<boolean>, timeoutMs = 5000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await sleep(100);
  }
  return false;
}
