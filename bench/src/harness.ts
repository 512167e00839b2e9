import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';

const root = fileURLToPath(new URL('../../', import.meta.url));
const tsx = `${root}node_modules/.bin/tsx`;

/** Starts a workspace's service as a child process and waits for its /health. */
export async function startService(
  workspace: string,
  port: number,
  env: Record<string, string> = {},
): Promise<ChildProcess> {
  const child = spawn(tsx, ['src/index.ts'], {
    cwd: `${root}${workspace}`,
    env: { ...process.env, PORT: String(port), LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${workspace} exited with ${child.exitCode}`);
    try {
      if ((await fetch(`http://127.0.0.1:${port}/health`)).ok) return child;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  child.kill();
  throw new Error(`${workspace} did not become healthy on port ${port}`);
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

/** Starts customers, catalog and the router as separate processes on bench ports. */
export async function startBenchStack(): Promise<BenchStack> {
  const ports = { router: 4100, customers: 4101, catalog: 4102 };
  const url = (port: number) => `http://127.0.0.1:${port}/graphql`;
  const auth = { AUTH_JWKS_URL: `http://127.0.0.1:${ports.customers}/.well-known/jwks.json` };
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
