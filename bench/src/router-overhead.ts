// How much the router costs: the same product query sent straight to the catalog subgraph
// (baseline, creator as a bare reference) and through the router (creator's names resolved
// from the customers subgraph via _entities), measured in one run.
import { BENCH_ADMIN, gqlCall, load, report, startBenchStack } from './harness.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 16);

const stack = await startBenchStack();
try {
  const { login } = await gqlCall<{ login: { accessToken: string } }>(
    stack.routerUrl,
    'mutation ($input: LoginInput!) { login(input: $input) { accessToken } }',
    { input: BENCH_ADMIN },
  );
  const { createProduct } = await gqlCall<{ createProduct: { id: string } }>(
    stack.routerUrl,
    'mutation ($input: CreateProductInput!) { createProduct(input: $input) { id } }',
    { input: { name: 'Bench product', slug: `bench-${Date.now()}` } },
    login.accessToken,
  );
  const variables = { id: createProduct.id };
  const options = { seconds: SECONDS, connections: CONNECTIONS };

  // Warm up so JIT and connection pools are in the same state for both runs.
  await load('warm-up', stack.routerUrl, 'query ($id: ID!) { product(id: $id) { name } }', variables, { seconds: 2, connections: 4 });
  const direct = await load(
    'catalog directly',
    stack.catalogUrl,
    'query ($id: ID!) { product(id: $id) { name slug createdBy { id } } }',
    variables,
    options,
  );
  const routed = await load(
    'router, catalog + customers',
    stack.routerUrl,
    'query ($id: ID!) { product(id: $id) { name slug createdBy { id firstName lastName } } }',
    variables,
    options,
  );
  report(direct, routed, `${SECONDS}s each, ${CONNECTIONS} connections, loopback`);
} finally {
  await stack.stop();
}
