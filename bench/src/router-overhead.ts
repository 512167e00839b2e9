// How much the router costs: the same product-with-creator query sent straight to the
// catalog subgraph (baseline, creator as a bare reference) and through the router (creator's
// fields resolved from the customers subgraph via _entities), measured in one run.
import { gqlCall, load, startService, stopService } from './harness.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 16);
const ports = { router: 4100, customers: 4101, catalog: 4102 };
const url = (port: number) => `http://127.0.0.1:${port}/graphql`;

const customers = await startService('subgraphs/customers', ports.customers);
const catalog = await startService('subgraphs/catalog', ports.catalog);
const router = await startService('router', ports.router, {
  SUBGRAPH_URL_CUSTOMERS: url(ports.customers),
  SUBGRAPH_URL_CATALOG: url(ports.catalog),
});
try {
  const stamp = Date.now();
  const { createCustomer } = await gqlCall<{ createCustomer: { id: string } }>(
    url(ports.router),
    'mutation ($input: CreateCustomerInput!) { createCustomer(input: $input) { id } }',
    { input: { email: `bench+${stamp}@commerce.local`, firstName: 'Bench', lastName: 'Mark' } },
  );
  const { createProduct } = await gqlCall<{ createProduct: { id: string } }>(
    url(ports.router),
    'mutation ($input: CreateProductInput!) { createProduct(input: $input) { id } }',
    { input: { name: 'Bench product', slug: `bench-${stamp}`, createdById: createCustomer.id } },
  );
  const variables = { id: createProduct.id };
  const options = { seconds: SECONDS, connections: CONNECTIONS };

  // Warm up both paths so JIT and connection pools are in the same state.
  await load('warm-up', url(ports.router), 'query ($id: ID!) { product(id: $id) { name } }', variables, { seconds: 2, connections: 4 });
  const direct = await load(
    'catalog subgraph directly',
    url(ports.catalog),
    'query ($id: ID!) { product(id: $id) { name slug createdBy { id } } }',
    variables,
    options,
  );
  const routed = await load(
    'router, across catalog + customers',
    url(ports.router),
    'query ($id: ID!) { product(id: $id) { name slug createdBy { id email firstName } } }',
    variables,
    options,
  );
  console.table([direct, routed]);
  console.log(
    `router/direct: throughput ${(routed.requestsPerSecond / direct.requestsPerSecond).toFixed(2)}x, ` +
      `p99 ${(routed.p99Ms / Math.max(direct.p99Ms, 1)).toFixed(2)}x ` +
      `(${SECONDS}s each, ${CONNECTIONS} connections, loopback, one machine)`,
  );
} finally {
  await Promise.all([router, catalog, customers].map(stopService));
}
