import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { errorCodes, gql, gqlFrom, randomLoopbackAddress, recordReads, unique, type GraphQLResponse } from '@commerce/testkit';
import { DEVELOPMENT_ORIGINS } from '../src/guardrails/index.ts';
import { REQUEST_LIMITS } from '../src/limits.ts';
import type { Router } from '../src/server.ts';
import { RATE_LIMITED_CLOSE_CODE } from '../src/subscriptions/server.ts';
import { connect, errorCodesOf, type LiveConnection } from './live.ts';
import { startStack, type Stack } from './stack.ts';

/** The attack of issue 14 within the alias limit: every alias a page of 20 products with their variants. */
const aliasAttack = (aliases: number) =>
  `{ ${Array.from({ length: aliases }, (_, i) => `p${i}: products(first: 20) { edges { node { id name variants { sku price { amount } stock { available } } } } }`).join(' ')} }`;
const page = 'query Page($n: Int) { products(first: $n) { edges { node { id name variants { price { amount } } } } } }';

describe('guardrails at the router: CORS, limits, cost and rate limits', () => {
  let stack: Stack;
  let customer: Record<string, string>;
  const connections: LiveConnection[] = [];
  const live = (headers: Record<string, string>) => {
    const connection = connect(stack.url, headers);
    connections.push(connection);
    return connection;
  };
  /** Every read the catalog sends to its products while `run` runs. */
  let reads: ReturnType<typeof recordReads>;
  const catalogReadsDuring = async (run: () => Promise<unknown>) => {
    const before = reads.length;
    await run();
    await sleep(50);
    return reads.slice(before).filter((read) => read.collection.includes('product'));
  };
  const register = async (url = stack.url) => {
    const registered = await gql(url, 'mutation ($i: RegisterInput!) { register(input: $i) { accessToken customer { id } } }', {
      i: { email: `${unique()}@example.com`, password: 'a-long-password', firstName: 'Gus', lastName: 'Guard' },
    });
    assert.deepEqual(errorCodes(registered), []);
    return { authorization: `Bearer ${(registered.data?.register as { accessToken: string }).accessToken}` };
  };

  before(async () => {
    stack = await startStack();
    reads = recordReads(stack.mongo);
    customer = await register();
  });
  after(async () => {
    await Promise.all(connections.map((c) => c.dispose().catch(() => undefined)));
    await stack.close();
  });

  test('a preflight from the storefront origin is answered; another origin gets no CORS headers', async () => {
    const preflight = (origin: string) =>
      fetch(stack.url, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type,apollographql-client-name,x-correlation-id' },
      });
    const allowed = await preflight('http://localhost:5173');
    assert.equal(allowed.status, 204);
    assert.equal(allowed.headers.get('access-control-allow-origin'), 'http://localhost:5173');
    assert.match(allowed.headers.get('access-control-allow-methods') ?? '', /POST/);
    for (const header of ['authorization', 'content-type', 'apollographql-client-name', 'apollographql-client-version', 'x-correlation-id']) {
      assert.match(allowed.headers.get('access-control-allow-headers') ?? '', new RegExp(header));
    }
    assert.equal(allowed.headers.get('access-control-max-age'), '600');

    const refused = await preflight('https://evil.example');
    assert.deepEqual([...refused.headers.keys()].filter((name) => name.startsWith('access-control-')), []);

    const answered = await fetch(stack.url, { method: 'POST', headers: { origin: 'http://127.0.0.1:5174', 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ __typename }' }) });
    assert.equal(answered.headers.get('access-control-allow-origin'), 'http://127.0.0.1:5174');
    assert.deepEqual(DEVELOPMENT_ORIGINS.length, 4);
  });

  test('CSRF prevention stays on: a simple cross-site request (text/plain) is refused before it runs', async () => {
    const response = await fetch(stack.url, { method: 'POST', headers: { origin: 'https://evil.example', 'content-type': 'text/plain' }, body: JSON.stringify({ query: '{ __typename }' }) });
    assert.equal(response.status, 400);
    assert.match(await response.text(), /CSRF/i);
  });

  test('production mode answers no introspection, no landing page and no field suggestions', async () => {
    const { url } = await stack.startRouter({ guardrails: { production: true } });
    const introspection = await gql(url, '{ __schema { types { name } } }');
    assert.deepEqual(errorCodes(introspection), ['GRAPHQL_VALIDATION_FAILED']);
    const typo = await gql(url, '{ prodcts { totalCount } }');
    assert.doesNotMatch(typo.errors?.[0]?.message ?? '', /Did you mean/);
    const landing = await fetch(url, { headers: { accept: 'text/html' } });
    assert.doesNotMatch(landing.headers.get('content-type') ?? '', /html/);
    // Development keeps them.
    assert.deepEqual(errorCodes(await gql(stack.url, '{ __schema { queryType { name } } }')), []);
    assert.match((await fetch(stack.url, { headers: { accept: 'text/html' } })).headers.get('content-type') ?? '', /html/);
  });

  test('too many root fields or directives are refused over HTTP and the socket, naming limit and count, and the catalog is never asked', async () => {
    const roots = `{ ${Array.from({ length: REQUEST_LIMITS.rootFields + 1 }, (_, i) => `p${i}: product(slug: "none-${i}") { id }`).join(' ')} }`;
    const directives = `{ products(first: 1) { edges { node { id ${'name @include(if: true) '.repeat(REQUEST_LIMITS.directives + 1)} } } } }`;
    const connection = live(customer);
    const cases: [string, RegExp][] = [
      [roots, new RegExp(`selects ${REQUEST_LIMITS.rootFields + 1} root fields; at most ${REQUEST_LIMITS.rootFields}`)],
      [directives, new RegExp(`uses ${REQUEST_LIMITS.directives + 1} directives; at most ${REQUEST_LIMITS.directives}`)],
    ];
    for (const [query, message] of cases) {
      const catalog = await catalogReadsDuring(async () => {
        const overHttp = await gql(stack.url, query, {}, customer);
        assert.equal(overHttp.status, 400);
        assert.deepEqual(errorCodes(overHttp), ['GRAPHQL_VALIDATION_FAILED']);
        assert.match(overHttp.errors?.[0]?.message ?? '', message);
        const overSocket = connection.subscribe(query);
        await overSocket.ended();
        assert.deepEqual(errorCodesOf(overSocket.error), ['GRAPHQL_VALIDATION_FAILED']);
        assert.match(JSON.stringify(overSocket.error), message);
        assert.deepEqual(overSocket.received, []);
      });
      assert.deepEqual(catalog, [], 'nothing of a refused operation runs');
    }
    // Within the limits the same shapes run.
    const allowed = `{ ${Array.from({ length: REQUEST_LIMITS.rootFields }, (_, i) => `p${i}: product(slug: "none-${i}") { id }`).join(' ')} }`;
    const catalog = await catalogReadsDuring(async () => assert.deepEqual(errorCodes(await gql(stack.url, allowed, {}, customer)), []));
    assert.ok(catalog.length > 0);
  });

  test('the alias attack of issue 14 is refused as too costly within 50 ms, over HTTP and the socket, and the catalog is never asked', async () => {
    // 20 aliases: as many root fields as allowed (40, as in the issue, meets the alias limit first).
    const attack = aliasAttack(REQUEST_LIMITS.rootFields);
    await gql(stack.url, attack); // warm the parser and the cost model
    const catalog = await catalogReadsDuring(async () => {
      const started = performance.now();
      const refused = await gql(stack.url, attack);
      const elapsed = performance.now() - started;
      assert.ok(elapsed < 50, `answered in ${elapsed.toFixed(1)} ms`);
      assert.equal(refused.status, 400);
      assert.deepEqual(errorCodes(refused), ['OPERATION_TOO_COSTLY']);
      // 20 × (products 1 + 20 × (edge 1 + node 1 + 10 × (variant 1 + price 1 + stock 1)))
      assert.equal(refused.errors?.[0]?.message, `The operation's estimated cost is 12820; at most ${REQUEST_LIMITS.cost} is allowed. Ask for fewer items (smaller first/last) or fewer fields.`);
      assert.deepEqual([refused.errors?.[0]?.extensions?.cost, refused.errors?.[0]?.extensions?.maximumCost], [12820, REQUEST_LIMITS.cost]);
      const overSocket = live(customer).subscribe(attack);
      await overSocket.ended();
      assert.deepEqual(errorCodesOf(overSocket.error), ['OPERATION_TOO_COSTLY']);
      assert.deepEqual(overSocket.received, []);
    });
    assert.deepEqual(catalog, []);
  });

  test('variables count: a page of 250 products with prices is refused, a page of 10 runs', async () => {
    const refused = await catalogReadsDuring(async () => {
      const response = await gql(stack.url, page, { n: 250 });
      assert.deepEqual(errorCodes(response), ['OPERATION_TOO_COSTLY']);
      assert.match(response.errors?.[0]?.message ?? '', /estimated cost is 5501;/);
    });
    assert.deepEqual(refused, []);
    const allowed = await catalogReadsDuring(async () => assert.deepEqual(errorCodes(await gql(stack.url, page, { n: 10 })), []));
    assert.ok(allowed.length > 0);
  });

  describe('rate limits shared by two replicas', () => {
    const budgets = { durationSeconds: 60, anonymousPoints: 5, customerPoints: 8, adminPoints: 20 };
    let replicas: { url: string; router: Router }[];
    before(async () => {
      replicas = [await stack.startRouter({ guardrails: { rateLimits: budgets } }), await stack.startRouter({ guardrails: { rateLimits: budgets } })];
      // Counts are shared once each replica reaches the store.
      for (let i = 0; i < 100 && !replicas.every(({ router }) => router.rateLimiter?.shared); i += 1) await sleep(50);
      assert.ok(replicas.every(({ router }) => router.rateLimiter?.shared));
    });
    const urlOf = (i: number) => replicas[i % 2]!.url;

    test('an address spends one budget across both replicas, then gets 429 RATE_LIMITED with retryAfterSeconds', async () => {
      const address = randomLoopbackAddress();
      for (let i = 0; i < budgets.anonymousPoints; i += 1) {
        assert.deepEqual(errorCodes(await gqlFrom(address, urlOf(i), '{ __typename }')), [], `request ${i + 1}`);
      }
      for (const url of [urlOf(0), urlOf(1)]) {
        const refused = await gqlFrom(address, url, '{ __typename }');
        assert.equal(refused.status, 429);
        assert.deepEqual(errorCodes(refused), ['RATE_LIMITED']);
        const retryAfter = refused.errors?.[0]?.extensions?.retryAfterSeconds as number;
        assert.ok(retryAfter >= 1 && retryAfter <= budgets.durationSeconds, String(retryAfter));
        assert.match(refused.errors?.[0]?.message ?? '', /Too many requests from this address: \d+ in 60 s, at most 5 are allowed/);
      }
      // Another address has its own budget.
      assert.deepEqual(errorCodes(await gqlFrom(randomLoopbackAddress(), urlOf(0), '{ __typename }')), []);
    });

    test('a signed-in customer has a budget of their own, apart from the address they share', async () => {
      const address = randomLoopbackAddress();
      const shopper = await register(stack.url);
      for (let i = 0; i < budgets.anonymousPoints; i += 1) await gqlFrom(address, urlOf(i), '{ __typename }');
      assert.deepEqual(errorCodes(await gqlFrom(address, urlOf(0), '{ __typename }')), ['RATE_LIMITED'], 'the address is spent');
      for (let i = 0; i < budgets.customerPoints; i += 1) {
        assert.deepEqual(errorCodes(await gqlFrom(address, urlOf(i), '{ me { id } }', {}, shopper)), [], `customer request ${i + 1}`);
      }
      const refused = await fetch(urlOf(1), { method: 'POST', headers: { 'content-type': 'application/json', ...shopper }, body: JSON.stringify({ query: '{ me { id } }' }) });
      assert.equal(refused.status, 429);
      const body = (await refused.json()) as GraphQLResponse;
      assert.deepEqual(errorCodes({ ...body, status: refused.status }), ['RATE_LIMITED']);
      assert.equal(refused.headers.get('retry-after'), String(body.errors?.[0]?.extensions?.retryAfterSeconds));
      assert.match(body.errors?.[0]?.message ?? '', /from this customer: \d+ in 60 s, at most 8/);
    });

    test('over the socket, connection_init and every subscribe spend the same budget', async () => {
      const shopper = await register(stack.url);
      const connection = connect(replicas[0]!.url, shopper);
      connections.push(connection);
      await connection.opened; // 1
      for (let i = 0; i < budgets.customerPoints - 1; i += 1) {
        const [result] = await connection.subscribe('{ me { id } }').until((received) => received.length === 1);
        assert.equal(result?.errors, undefined, `subscribe ${i + 1}`);
      }
      const refused = connection.subscribe('{ me { id } }');
      await refused.ended();
      assert.deepEqual(errorCodesOf(refused.error), ['RATE_LIMITED']);
      assert.ok(((refused.error as { extensions: { retryAfterSeconds: number } }[])[0]?.extensions.retryAfterSeconds ?? 0) >= 1);
      // And the other replica agrees, over HTTP and at connection_init (closed with 4429).
      assert.deepEqual(errorCodes(await gql(replicas[1]!.url, '{ me { id } }', {}, shopper)), ['RATE_LIMITED']);
      const another = connect(replicas[1]!.url, shopper);
      connections.push(another);
      const closed = await another.closed;
      assert.equal(closed.code, RATE_LIMITED_CLOSE_CODE);
      assert.match(closed.reason, /Too many requests: try again in \d+ s/);
    });
  });
});
