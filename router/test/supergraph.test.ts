import assert from 'node:assert/strict';
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';
import { createClient } from 'graphql-ws';
import type { Connection } from 'mongoose';
import type { DataSource } from 'typeorm';
import WebSocket from 'ws';
import { connectMongo, createPostgresDataSource, type SubgraphServer } from '@commerce/service-kit';
import { errorCodes, gql, infra, testLogger, unique } from '@commerce/testkit';
import { createServer as createCustomers, typeDefs as customersSdl } from '../../subgraphs/customers/src/server.ts';
import { createCustomerStore, entities, migrations } from '../../subgraphs/customers/src/store/customer-store.ts';
import { createServer as createCatalog } from '../../subgraphs/catalog/src/server.ts';
import { createProductStore } from '../../subgraphs/catalog/src/store/product-store.ts';
import { createGateway } from '../src/gateway.ts';
import { createRouter, type Router } from '../src/server.ts';

const SUPERGRAPH = new URL('../../schema/supergraph.graphql', import.meta.url);

describe('router over the customers and catalog subgraphs', () => {
  let dataSource: DataSource;
  let mongo: Connection;
  let customers: SubgraphServer;
  let catalog: SubgraphServer;
  let router: Router;
  let dir: string;
  let supergraphPath: string;
  let url: string;

  before(async () => {
    const logger = testLogger('router');
    dataSource = await createPostgresDataSource({
      url: infra.postgresUrl('customers'),
      applicationName: 'customers',
      entities,
      migrations,
      logger,
    });
    mongo = await connectMongo(infra.mongoUrl('catalog'));
    customers = await createCustomers({ logger, customers: createCustomerStore(dataSource) });
    catalog = await createCatalog({ logger, products: await createProductStore(mongo) });
    const customersPort = await customers.listen(0, '127.0.0.1');
    const catalogPort = await catalog.listen(0, '127.0.0.1');

    // A private copy of the committed supergraph, so the reload test can rewrite it.
    dir = await mkdtemp(join(tmpdir(), 'router-test-'));
    supergraphPath = join(dir, 'supergraph.graphql');
    await copyFile(SUPERGRAPH, supergraphPath);
    const gateway = createGateway({
      supergraphPath,
      logger,
      subgraphUrls: {
        customers: `http://127.0.0.1:${customersPort}/graphql`,
        catalog: `http://127.0.0.1:${catalogPort}/graphql`,
      },
    });
    router = await createRouter({ gateway, logger });
    url = `http://127.0.0.1:${await router.listen(0, '127.0.0.1')}/graphql`;
  });

  after(async () => {
    await router.close();
    await customers.close();
    await catalog.close();
    await dataSource.destroy();
    await mongo.close();
    await rm(dir, { recursive: true, force: true });
  });

  test('one query returns products from the catalog with their creators from the customers subgraph', async () => {
    const email = `${unique()}@example.com`;
    const customer = await gql(
      url,
      'mutation ($input: CreateCustomerInput!) { createCustomer(input: $input) { id } }',
      { input: { email, firstName: 'Grace', lastName: 'Hopper' } },
    );
    const customerId = customer.data?.createCustomer.id;
    const slug = unique('compiler-');
    const product = await gql(
      url,
      'mutation ($input: CreateProductInput!) { createProduct(input: $input) { id } }',
      { input: { name: 'Compiler', slug, createdById: customerId } },
    );
    const productId = product.data?.createProduct.id;

    const response = await gql(
      url,
      'query ($id: ID!) { product(id: $id) { id name slug createdBy { id email firstName lastName } } }',
      { id: productId },
    );
    assert.equal(response.errors, undefined);
    assert.deepEqual(response.data?.product, {
      id: productId,
      name: 'Compiler',
      slug,
      createdBy: { id: customerId, email, firstName: 'Grace', lastName: 'Hopper' },
    });
  });

  test('a reference to a customer that does not exist resolves to null, not an error', async () => {
    const product = await gql(
      url,
      'mutation ($input: CreateProductInput!) { createProduct(input: $input) { id createdBy { id email } } }',
      { input: { name: 'Orphan', slug: unique('orphan-'), createdById: 'cus_00000000000000000000000000' } },
    );
    assert.equal(product.errors, undefined);
    assert.equal(product.data?.createProduct.createdBy, null);
  });

  test('bad input through the router keeps its code and leaks nothing internal', async () => {
    const response = await gql(
      url,
      'mutation ($input: CreateCustomerInput!) { createCustomer(input: $input) { id } }',
      { input: { email: 'nope', firstName: 'A', lastName: 'B' } },
    );
    assert.deepEqual(errorCodes(response), ['BAD_USER_INPUT']);
    assert.doesNotMatch(JSON.stringify(response), /stacktrace|at [A-Za-z]+ \(|postgres|typeorm/i);
  });

  test('a malformed document is refused with GRAPHQL_PARSE_FAILED and status 400', async () => {
    const response = await gql(url, '{ products { id ');
    assert.equal(response.status, 400);
    assert.deepEqual(errorCodes(response), ['GRAPHQL_PARSE_FAILED']);
  });

  test('health answers on /health', async () => {
    const response = await fetch(url.replace('/graphql', '/health'));
    assert.equal(response.status, 200);
    assert.deepEqual(await response.json(), { status: 'ok' });
  });

  test('websocket connections on the same path are accepted and subscriptions get a clear error', async () => {
    const client = createClient({ url: url.replace('http', 'ws'), webSocketImpl: WebSocket, retryAttempts: 0 });
    try {
      const errors = await new Promise<readonly { message: string; extensions?: Record<string, unknown> }[]>(
        (resolve, reject) => {
          client.subscribe(
            { query: 'subscription { anything }' },
            { next: () => reject(new Error('unexpected data')), error: (e) => resolve(e as never), complete: () => reject(new Error('completed without error')) },
          );
        },
      );
      assert.equal(errors[0]?.extensions?.code, 'SUBSCRIPTIONS_NOT_AVAILABLE');
      assert.match(errors[0]?.message ?? '', /not available/);
    } finally {
      await client.dispose();
    }
  });

  test('the router picks up a rewritten supergraph file and keeps serving when a bad one arrives', async () => {
    const customersOnly = composeServices([
      { name: 'customers', url: 'http://127.0.0.1:1/graphql', typeDefs: parse(customersSdl) },
    ]);
    assert.ok(customersOnly.supergraphSdl);
    const original = await readFile(supergraphPath, 'utf8');
    const productsQuery = '{ products(first: 1) { id } }';
    assert.equal((await gql(url, productsQuery)).errors, undefined);

    await writeFile(supergraphPath, customersOnly.supergraphSdl);
    assert.ok(await eventually(async () => errorCodes(await gql(url, productsQuery))[0] === 'GRAPHQL_VALIDATION_FAILED'));

    await writeFile(supergraphPath, 'this is not a supergraph');
    await sleep(500);
    assert.deepEqual(errorCodes(await gql(url, productsQuery)), ['GRAPHQL_VALIDATION_FAILED'], 'still the last good schema');

    await writeFile(supergraphPath, original);
    assert.ok(await eventually(async () => (await gql(url, productsQuery)).errors === undefined));
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
