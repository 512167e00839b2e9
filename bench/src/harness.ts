import { spawn, type ChildProcess } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { Kafka, logLevel } from 'kafkajs';
import { TOPICS } from '@commerce/events';
import { liveGroup as createLiveGroup } from '@commerce/testkit';
import { nodeFlagsOf } from '../../scripts/node-flags.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));

/** Starts a workspace's service as a child process and waits for its /health (or `readyPath`). */
export async function startService(
  workspace: string,
  port: number,
  env: Record<string, string> = {},
  readyPath = '/health',
  entry = 'src/index.ts',
): Promise<ChildProcess> {
  // BENCH_CPU_PROF=<dir> writes a V8 CPU profile of every service there when it stops.
  const profile = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];
  // node --import tsx, not the tsx CLI: that keeps a wrapper process and costs ~9 ms of CPU a
  // second per service while idle, which a bench on two cores would count.
  const child = spawn(process.execPath, [...nodeFlagsOf(`${root}${workspace}`), '--import', 'tsx', ...profile, entry], {
    cwd: `${root}${workspace}`,
    env: { ...process.env, PORT: String(port), LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${workspace} exited with ${child.exitCode}`);
    try {
      if ((await fetch(`http://127.0.0.1:${port}${readyPath}`)).ok) return child;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  child.kill();
  throw new Error(`${workspace} did not answer ${readyPath} on port ${port}`);
}

export async function stopService(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

export interface LoadResult {
  name: string;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
}

/** Sends one GraphQL operation for a fixed time over a fixed number of connections. */
export async function load(
  name: string,
  url: string,
  query: string,
  variables: Record<string, unknown>,
  options: { seconds: number; connections: number; headers?: Record<string, string> },
): Promise<LoadResult> {
  const result = await autocannon({
    url,
    method: 'POST',
    headers: { 'content-type': 'application/json', ...options.headers },
    body: JSON.stringify({ query, variables }),
    duration: options.seconds,
    connections: options.connections,
  });
  return {
    name,
    requestsPerSecond: Math.round(result.requests.average),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    errors: result.errors + result.non2xx,
  };
}

export async function gqlCall<T>(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  token?: string,
): Promise<T> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: T; errors?: unknown[] };
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data as T;
}

export const BENCH_ADMIN = { email: 'bench-admin@commerce.local', password: 'bench-admin-password' };

export interface BenchStack {
  routerUrl: string;
  customersUrl: string;
  catalogUrl: string;
  stop(): Promise<void>;
}

/** Where the services of a bench find the customers they run with: its token keys and sessions. */
const authEnv = (customersPort: number) => ({
  AUTH_JWKS_URL: `http://127.0.0.1:${customersPort}/.well-known/jwks.json`,
  AUTH_SESSIONS_URL: `http://127.0.0.1:${customersPort}/sessions`,
});

/** Starts customers, catalog and the router as separate processes on bench ports. */
export async function startBenchStack(): Promise<BenchStack> {
  const ports = { router: 4100, customers: 4101, catalog: 4102 };
  const url = (port: number) => `http://127.0.0.1:${port}/graphql`;
  const auth = authEnv(ports.customers);
  const customers = await startService('subgraphs/customers', ports.customers, {
    ADMIN_EMAIL: BENCH_ADMIN.email,
    ADMIN_PASSWORD: BENCH_ADMIN.password,
  });
  const catalog = await startService('subgraphs/catalog', ports.catalog, auth);
  const router = await startService('router', ports.router, {
    ...auth,
    SUBGRAPH_URL_CUSTOMERS: url(ports.customers),
    SUBGRAPH_URL_CATALOG: url(ports.catalog),
  });
  return {
    routerUrl: url(ports.router),
    customersUrl: url(ports.customers),
    catalogUrl: url(ports.catalog),
    stop: () => Promise.all([router, catalog, customers].map(stopService)).then(() => undefined),
  };
}

/** Prints two runs side by side and the ratio of the second to the first (the baseline). */
export function report(baseline: LoadResult, measured: LoadResult, setting: string): void {
  console.table([baseline, measured]);
  console.log(
    `${measured.name} / ${baseline.name}: throughput ${(measured.requestsPerSecond / baseline.requestsPerSecond).toFixed(2)}x, ` +
      `p99 ${(measured.p99Ms / Math.max(baseline.p99Ms, 1)).toFixed(2)}x (${setting})`,
  );
}

export const kafka = new Kafka({ clientId: 'bench', brokers: ['127.0.0.1:9092'], logLevel: logLevel.NOTHING });

/** A fresh consumer group at the end of `topics`, so a service started on it begins at the live edge. */
export const liveGroup = (topics: string[]): Promise<string> => createLiveGroup(kafka, topics, 'bench-');

const COMMERCE_PORTS = { router: 4100, customers: 4101, catalog: 4102, reviews: 4103, inventory: 4104, orders: 4105, payments: 4106, shipping: 4107 };
export type Subgraph = Exclude<keyof typeof COMMERCE_PORTS, 'router'>;

export interface CommerceStack {
  routerUrl: string;
  /** The router's Prometheus endpoint. */
  metricsUrl: string;
  /** Each subgraph's GraphQL URL. */
  urls: Record<Subgraph, string>;
  /** The process id of each service. */
  pids: Record<string, number>;
  /**
   * Another router process over the same subgraphs, stopped with the stack: `env` on top of the
   * first one's, `entry` (relative to router/) in place of src/index.ts. Resolves to its URL.
   */
  startRouter(name: string, port: number, env?: Record<string, string>, entry?: string): Promise<string>;
  stop(): Promise<void>;
}

/**
 * Starts every subgraph and the router as separate processes on ports 4100-4107, each
 * consumer on a fresh group at the live edge; resolves once the router serves subscriptions.
 * Whatever started is stopped again if a later service fails to start.
 */
export async function startCommerceStack(options: { carrierStepMs?: number; routerEnv?: Record<string, string> } = {}): Promise<CommerceStack> {
  const ports = COMMERCE_PORTS;
  const url = (port: number) => `http://127.0.0.1:${port}/graphql`;
  const auth = authEnv(ports.customers);
  const started: ChildProcess[] = [];
  const pids: Record<string, number> = {};
  const stop = async () => {
    // The router first: it calls every subgraph.
    for (const child of started.splice(0).reverse()) await stopService(child);
  };
  const start = async (workspace: string, port: number, env: Record<string, string>, readyPath?: string, entry?: string, name = workspace.replace('subgraphs/', '')) => {
    const child = await startService(workspace, port, env, readyPath, entry);
    started.push(child);
    pids[name] = child.pid!;
  };
  try {
    await start('subgraphs/customers', ports.customers, { ADMIN_EMAIL: BENCH_ADMIN.email, ADMIN_PASSWORD: BENCH_ADMIN.password });
    await start('subgraphs/catalog', ports.catalog, auth);
    await start('subgraphs/reviews', ports.reviews, auth);
    await start('subgraphs/inventory', ports.inventory, {
      ...auth,
      ORDERS_CONSUMER_GROUP: await liveGroup([TOPICS.orders]),
      CATALOG_CONSUMER_GROUP: await liveGroup([TOPICS.catalog]),
    });
    await start('subgraphs/orders', ports.orders, {
      ...auth,
      CATALOG_CONSUMER_GROUP: await liveGroup([TOPICS.catalog]),
      SAGA_CONSUMER_GROUP: await liveGroup([TOPICS.inventory, TOPICS.payments, TOPICS.shipments]),
      CUSTOMERS_CONSUMER_GROUP: await liveGroup([TOPICS.customers]),
    });
    await start('subgraphs/payments', ports.payments, { ...auth, ORDERS_CONSUMER_GROUP: await liveGroup([TOPICS.orders]) });
    await start('subgraphs/shipping', ports.shipping, {
      ...auth,
      ORDERS_CONSUMER_GROUP: await liveGroup([TOPICS.orders]),
      SANDBOX_CARRIER_STEP_MS: String(options.carrierStepMs ?? 0),
    });
    const { router, ...subgraphs } = ports;
    const urls = Object.fromEntries(Object.entries(subgraphs).map(([name, port]) => [name, url(port)])) as Record<Subgraph, string>;
    const routerEnv = { ...auth, ...Object.fromEntries(Object.entries(urls).map(([name, value]) => [`SUBGRAPH_URL_${name.toUpperCase()}`, value])) };
    // /ready: the supergraph is loaded and the subscription feed reads Kafka.
    await start('router', router, { ...routerEnv, ...options.routerEnv }, '/ready');
    const startRouter: CommerceStack['startRouter'] = async (name, port, env = {}, entry) => {
      await start('router', port, { ...routerEnv, ...env }, '/ready', entry, name);
      return url(port);
    };
    return { routerUrl: url(router), metricsUrl: `http://127.0.0.1:${router}/metrics`, urls, pids, startRouter, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

export interface Shopper {
  token: string;
  paymentMethodId: string;
}

export const loginAdmin = async (stack: CommerceStack): Promise<string> =>
  (await gqlCall<{ login: { accessToken: string } }>(stack.routerUrl, 'mutation ($i: LoginInput!) { login(input: $i) { accessToken } }', { i: BENCH_ADMIN }))
    .login.accessToken;

/** A new customer with a card (registration hashes a password: create shoppers before the clock starts). */
export async function createShopper(stack: CommerceStack, label: string): Promise<Shopper> {
  const call = <T>(query: string, variables: Record<string, unknown>, token?: string) => gqlCall<T>(stack.routerUrl, query, variables, token);
  const { register } = await call<{ register: { accessToken: string } }>('mutation ($i: RegisterInput!) { register(input: $i) { accessToken } }', {
    i: { email: `bench+${label}@commerce.local`, password: 'bench-password-1', firstName: 'Bench', lastName: `Shopper ${label}` },
  });
  const tokens = await fetch(stack.urls.payments.replace('/graphql', '/sandbox-gateway/tokens'), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ number: '4242424242424242', expMonth: 12, expYear: 2035, cvc: '123', holderName: 'Bench' }),
  });
  const card = (await tokens.json()) as { token: string };
  const method = await call<{ addPaymentMethod: { id: string } }>('mutation ($i: AddPaymentMethodInput!) { addPaymentMethod(input: $i) { id } }', { i: { token: card.token } }, register.accessToken);
  return { token: register.accessToken, paymentMethodId: method.addPaymentMethod.id };
}

/** An active product with one variant holding `units` in `warehouseId`. */
export async function stockedProduct(stack: CommerceStack, adminToken: string, warehouseId: string, units: number): Promise<{ productId: string; variantId: string }> {
  const suffix = `${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;
  const { createProduct } = await gqlCall<{ createProduct: { id: string; variants: { id: string }[] } }>(
    stack.routerUrl,
    'mutation ($i: CreateProductInput!) { createProduct(input: $i) { id variants { id } } }',
    { i: { slug: `bench-${suffix}`, name: 'Bench item', status: 'ACTIVE', variants: [{ sku: `B-${suffix}`, price: { amount: '19.90', currencyCode: 'EUR' } }] } },
    adminToken,
  );
  const variantId = createProduct.variants[0]!.id;
  await gqlCall(stack.routerUrl, 'mutation ($i: SetStockInput!) { setStock(input: $i) { available } }', { i: { variantId, warehouseId, onHand: units, reason: 'bench' } }, adminToken);
  return { productId: createProduct.id, variantId };
}

export const createWarehouse = async (stack: CommerceStack, adminToken: string): Promise<string> =>
  (await gqlCall<{ createWarehouse: { id: string } }>(
    stack.routerUrl,
    'mutation ($i: CreateWarehouseInput!) { createWarehouse(input: $i) { id } }',
    { i: { code: `B${Date.now()}${Math.random().toString(36).slice(2, 6)}`, name: 'Bench' } },
    adminToken,
  )).createWarehouse.id;

/** Switches a bench warehouse off when the run ends: the database outlives the run, and an active warehouse gets a zero stock row for every later variant. */
export const retireWarehouse = async (stack: CommerceStack, adminToken: string, warehouseId: string): Promise<void> => {
  await gqlCall(stack.routerUrl, 'mutation ($id: ID!) { setWarehouseActive(id: $id, active: false) { id } }', { id: warehouseId }, adminToken);
};

/** Waits until orders has the variants in its read model (they arrive from the catalog over Kafka). */
export async function whenOrderable(stack: CommerceStack, shopper: Shopper, variantIds: string[], ms = 60_000): Promise<void> {
  for (const variantId of variantIds) {
    for (const deadline = Date.now() + ms; ; await sleep(200)) {
      try {
        await gqlCall(stack.routerUrl, 'mutation ($v: ID!) { addToCart(variantId: $v, quantity: 1) { itemCount } }', { v: variantId }, shopper.token);
        await gqlCall(stack.routerUrl, 'mutation { clearCart { itemCount } }', {}, shopper.token);
        break;
      } catch (err) {
        if (Date.now() > deadline) throw err;
      }
    }
  }
}

/** Puts one unit in the shopper's cart and places the order; one at a time per shopper (the cart is shared). */
export async function placeOrder(stack: CommerceStack, shopper: Shopper, variantId: string, idempotencyKey: string): Promise<string> {
  await gqlCall(stack.routerUrl, 'mutation ($v: ID!) { addToCart(variantId: $v, quantity: 1) { itemCount } }', { v: variantId }, shopper.token);
  const { placeOrder: placed } = await gqlCall<{ placeOrder: { id: string } }>(
    stack.routerUrl,
    'mutation ($i: PlaceOrderInput!) { placeOrder(input: $i) { id } }',
    { i: { address: { recipient: 'Bench', line1: '1 Damrak', city: 'Amsterdam', postalCode: '1012 LG', country: 'NL' }, paymentMethodId: shopper.paymentMethodId, idempotencyKey } },
    shopper.token,
  );
  return placed.id;
}
