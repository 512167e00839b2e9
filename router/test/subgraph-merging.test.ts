import assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, beforeEach, describe, test } from 'node:test';
import { parse } from 'graphql';
import type { GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { testLogger } from '@commerce/testkit';
import type { RouterContext } from '../src/context.ts';
import { createSubgraphClient } from '../src/subgraph-client.ts';
import { SubgraphSource } from '../src/subgraph-source.ts';

// A subgraph played by a plain HTTP server that answers 150 ms late, so calls overlap, and
// records what it was sent. The real subgraphs are exercised by every other router test.
describe('identical in-flight subgraph fetches of queries share one call', () => {
  let server: Server;
  let url: string;
  let received: { headers: IncomingHttpHeaders; body: { query: string; variables?: Record<string, unknown> } }[];
  let answer: (body: { query: string }) => { status: number; json: unknown };
  const client = createSubgraphClient();

  before(async () => {
    server = createServer((req, res) => {
      let text = '';
      req.on('data', (chunk: Buffer) => (text += chunk.toString()));
      req.on('end', () => {
        const body = JSON.parse(text) as { query: string };
        received.push({ headers: req.headers, body });
        setTimeout(() => {
          const { status, json } = answer(body);
          res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(json));
        }, 150);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
  });
  beforeEach(() => {
    received = [];
    answer = () => ({ status: 200, json: { data: { product: { id: 'prd_1', name: 'Kettle' } } } });
  });
  after(async () => {
    client.close();
    await new Promise((resolve) => server.close(resolve));
  });

  let merged = 0;
  const source = (merge = true) => new SubgraphSource({ name: 'catalog', url, client, signingSecret: 'test-secret', merge, logger: testLogger(), onMerged: () => void (merged += 1) });
  const QUERY = 'query { product(id: "prd_1") { id name } }';
  /** A fetch of the gateway's plan for a client's operation of `kind`, by a caller. */
  const fetchOf = (kind: 'query' | 'mutation', caller: Partial<RouterContext>, query = QUERY): GraphQLDataSourceProcessOptions<RouterContext> =>
    ({
      kind: 'incoming operation',
      request: { query, variables: { id: 'prd_1' } },
      context: { clientAddress: '192.0.2.1', correlationId: 'c-0', ...caller },
      incomingRequestContext: { operation: { operation: kind } },
      document: parse(query),
    }) as unknown as GraphQLDataSourceProcessOptions<RouterContext>;

  test('two concurrent identical queries with the same token make one call; each caller gets its own copy of the answer', async () => {
    merged = 0;
    const catalog = source();
    const [a, b] = await Promise.all([
      catalog.process(fetchOf('query', { authorization: 'Bearer t1', correlationId: 'c-a' })),
      catalog.process(fetchOf('query', { authorization: 'Bearer t1', correlationId: 'c-b' })),
    ]);
    assert.equal(received.length, 1);
    assert.equal(merged, 1);
    assert.deepEqual(a.data, { product: { id: 'prd_1', name: 'Kettle' } });
    assert.deepEqual(b.data, a.data);
    assert.notEqual(a.data, b.data, 'the gateway writes into what a fetch returns: no shared objects');
    // The call carried the first caller's correlation id.
    assert.equal(received[0]!.headers['x-correlation-id'], 'c-a');
  });

  test('the same query with different tokens, or anonymous beside signed in, is never merged', async () => {
    const catalog = source();
    await Promise.all([
      catalog.process(fetchOf('query', { authorization: 'Bearer t1' })),
      catalog.process(fetchOf('query', { authorization: 'Bearer t2' })),
      catalog.process(fetchOf('query', {})),
    ]);
    assert.deepEqual(received.map((r) => r.headers.authorization).sort(), ['Bearer t1', 'Bearer t2', undefined].sort());
  });

  test('fetches of a mutation operation are never merged, and each carries its own correlation id and address', async () => {
    const orders = source();
    const mutation = 'mutation { cancelOrder(id: "ord_1") { id } }';
    await Promise.all([
      orders.process(fetchOf('mutation', { authorization: 'Bearer t1', correlationId: 'c-1', clientAddress: '192.0.2.10' }, mutation)),
      orders.process(fetchOf('mutation', { authorization: 'Bearer t1', correlationId: 'c-2', clientAddress: '192.0.2.11' }, mutation)),
      // An entity fetch of a mutation's plan is a query document, but reads what the write changed.
      orders.process(fetchOf('mutation', { authorization: 'Bearer t1', correlationId: 'c-3' })),
      orders.process(fetchOf('mutation', { authorization: 'Bearer t1', correlationId: 'c-4' })),
    ]);
    assert.equal(received.length, 4);
    assert.deepEqual(received.map((r) => r.headers['x-correlation-id']).sort(), ['c-1', 'c-2', 'c-3', 'c-4']);
    assert.deepEqual(new Set(received.map((r) => r.headers['x-client-address'])), new Set(['192.0.2.10', '192.0.2.11', '192.0.2.1']));
  });

  test('a subgraph error reaches every merged caller: GraphQL errors as sent, a 5xx as SERVICE_UNAVAILABLE on each field', async () => {
    const catalog = source();
    answer = () => ({ status: 200, json: { data: { product: null }, errors: [{ message: 'Not found', path: ['product'], extensions: { code: 'NOT_FOUND' } }] } });
    const sent = await Promise.all([catalog.process(fetchOf('query', {})), catalog.process(fetchOf('query', {}))]);
    assert.equal(received.length, 1);
    for (const response of sent) assert.deepEqual(response.errors?.map((e) => e.extensions?.code), ['NOT_FOUND']);

    answer = () => ({ status: 503, json: { message: 'down' } });
    const failed = await Promise.all([catalog.process(fetchOf('query', {})), catalog.process(fetchOf('query', {}))]);
    assert.equal(received.length, 2);
    for (const response of failed) assert.deepEqual(response.errors?.map((e) => [e.extensions?.code, e.path]), [['SERVICE_UNAVAILABLE', ['product']]]);
  });

  test('a subscription payload (unmerged) never joins a call already in flight: it must see the write its event announced', async () => {
    const orders = source();
    await Promise.all([orders.process(fetchOf('query', {})), orders.process(fetchOf('query', { unmerged: true }))]);
    assert.equal(received.length, 2);
  });

  test('a call that ended is not reused: the next identical fetch asks again', async () => {
    const catalog = source();
    await catalog.process(fetchOf('query', {}));
    await catalog.process(fetchOf('query', {}));
    assert.equal(received.length, 2);
  });

  test('with merging off every fetch makes its own call', async () => {
    const catalog = source(false);
    await Promise.all([catalog.process(fetchOf('query', {})), catalog.process(fetchOf('query', {}))]);
    assert.equal(received.length, 2);
  });
});
