// What the router's guardrails cost and how fast they refuse, in one run, every service a
// separate process:
// - the storefront's product page query (catalog, inventory, reviews, customers) through the
//   router as `npm start` runs it (limits, cost, rate limits counted in PostgreSQL,
//   @authenticated) against the same router with all of that off, interleaved rounds;
// - that query sent as full text, by trusted-document id over POST, and by id over GET;
// - each attack of issue 14, sent one at a time to a router with the default limits, timed to
//   its refusal, while a cheap query runs alongside and is timed too.
//   npm run bench -- guardrails        (BENCH_SECONDS=10 BENCH_CONNECTIONS=16 BENCH_ROUNDS=5 to change)
import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';
import { setTimeout as sleep } from 'node:timers/promises';
import { cpuSnapshot, cpuSpent } from './cpu.ts';
import { median } from './stats.ts';
import { gqlCall, loginAdmin, startCommerceStack } from './harness.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 16);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const manifest = JSON.parse(readFileSync(new URL('../../clients/storefront/persisted-query-manifest.json', import.meta.url), 'utf8')) as {
  operations: { id: string; name: string; body: string }[];
};
const productPage = manifest.operations.find((o) => o.name === 'ProductPage')!;

// Budgets this run cannot spend, so the limiter counts every request without refusing one.
// One process each (the unguarded baseline is one), so CPU per request compares like for like.
const unlimited = { RATE_LIMIT_ANONYMOUS_POINTS: '1000000000', RATE_LIMIT_CUSTOMER_POINTS: '1000000000', KAFKA_BROKERS: '', ROUTER_WORKERS: '1' };
const stack = await startCommerceStack();
try {
  const guardedUrl = await stack.startRouter('guarded', 4110, unlimited);
  const unguardedUrl = await stack.startRouter('unguarded', 4111, { KAFKA_BROKERS: '' }, '../bench/src/guardrails/unguarded-router.ts');
  // Trusts X-Forwarded-For, so the cheap query, the attacks and the burst each spend their own budget.
  const defaultsUrl = await stack.startRouter('defaults', 4112, { KAFKA_BROKERS: '', TRUST_PROXY: 'true', ROUTER_WORKERS: '1' });
  const from = (address: string) => ({ 'content-type': 'application/json', 'apollographql-client-name': 'storefront', 'x-forwarded-for': address });

  const admin = await loginAdmin(stack);
  const slug = `bench-guardrails-${Date.now()}`;
  await gqlCall(
    stack.routerUrl,
    'mutation ($i: CreateProductInput!) { createProduct(input: $i) { id } }',
    { i: { slug, name: 'Bench kettle', brand: 'Steep', status: 'ACTIVE', description: 'For measuring.', variants: [{ sku: slug, options: [{ name: 'Colour', value: 'Steel' }], price: { amount: '49.00', currencyCode: 'EUR' } }] } },
    admin,
  );
  const variables = { slug };

  type Shape = 'text' | 'id over POST' | 'id over GET';
  async function run(url: string, shape: Shape, seconds: number, pid?: number) {
    const extensions = { persistedQuery: { version: 1, sha256Hash: productPage.id } };
    const request =
      shape === 'id over GET'
        ? { method: 'GET' as const, url: `${url}?${new URLSearchParams({ operationName: 'ProductPage', variables: JSON.stringify(variables), extensions: JSON.stringify(extensions) })}`, headers: { 'apollographql-client-name': 'storefront', 'apollo-require-preflight': 'true' } }
        : {
            method: 'POST' as const,
            url,
            headers: { 'content-type': 'application/json', 'apollographql-client-name': 'storefront' },
            body: JSON.stringify(shape === 'text' ? { query: productPage.body, variables } : { operationName: 'ProductPage', variables, extensions }),
          };
    const before = pid ? cpuSnapshot({ router: pid }) : undefined;
    const result = await autocannon({ ...request, duration: seconds, connections: CONNECTIONS });
    const cpuMs = before && pid ? (cpuSpent(before, cpuSnapshot({ router: pid })).router ?? 0) : NaN;
    return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, errors: result.errors + result.non2xx, routerCpuMsPerRequest: cpuMs / Math.max(1, result.requests.total) };
  }

  // Proves each shape answers, and warms each router up (its first seconds run unoptimised
  // code), before anything is timed.
  for (const [url, shape] of [[guardedUrl, 'text'], [guardedUrl, 'id over POST'], [guardedUrl, 'id over GET'], [unguardedUrl, 'text']] as const) {
    const probe = await run(url, shape, 3);
    if (probe.errors > 0) throw new Error(`${shape} on ${url} answered ${probe.errors} errors`);
  }

  // Each round runs every router once, in an order rotated from round to round so none is always
  // first; each is compared with the unguarded run of its own round (the machine's load drifts
  // between rounds), and the median of those ratios is the figure.
  const configs = [
    ['guardrails off, text', unguardedUrl, stack.pids.unguarded, 'text'],
    ['guardrails on, text', guardedUrl, stack.pids.guarded, 'text'],
    ['guardrails on, id over POST', guardedUrl, stack.pids.guarded, 'id over POST'],
    ['guardrails on, id over GET', guardedUrl, stack.pids.guarded, 'id over GET'],
  ] as const;
  const rows: Record<string, number | string>[] = [];
  const perRound = new Map<string, { rps: number; cpu: number; ratio: number; cpuRatio: number }[]>();
  for (let round = 1; round <= ROUNDS; round++) {
    const order = configs.map((_, i) => configs[(i + round - 1) % configs.length]!);
    const results = new Map<string, Awaited<ReturnType<typeof run>>>();
    for (const [label, url, pid, shape] of order) {
      const r = await run(url, shape, SECONDS, pid);
      results.set(label, r);
      rows.push({ round, router: label, 'requests/s': Math.round(r.rps), 'p50 ms': r.p50, 'p99 ms': r.p99, 'router CPU-ms/request': Number(r.routerCpuMsPerRequest.toFixed(2)), errors: r.errors });
    }
    const base = results.get('guardrails off, text')!;
    for (const [label, r] of results) {
      const list = perRound.get(label) ?? [];
      list.push({ rps: r.rps, cpu: r.routerCpuMsPerRequest, ratio: r.rps / base.rps, cpuRatio: r.routerCpuMsPerRequest / base.routerCpuMsPerRequest });
      perRound.set(label, list);
    }
  }
  console.log(`ProductPage, ${SECONDS} s per run, ${CONNECTIONS} connections, ${ROUNDS} rounds (order rotated each round), loopback`);
  console.table(rows);
  console.table(
    configs.map(([label]) => {
      const list = perRound.get(label)!;
      return {
        router: label,
        'median requests/s': Math.round(median(list.map((r) => r.rps))),
        'median of round ratios vs off': Number(median(list.map((r) => r.ratio)).toFixed(3)),
        'router CPU-ms/request (median)': Number(median(list.map((r) => r.cpu)).toFixed(3)),
        'CPU vs off (median of rounds)': Number(median(list.map((r) => r.cpuRatio)).toFixed(3)),
      };
    }),
  );

  // Attacks, each sent once untimed, then 10 times one after another to the router with default limits, while a
  // cheap query runs beside them at 15 a second (under its address's 300 a minute). A burst of 400 tests the rate limit last, as
  // it leaves this address's budget spent.
  const nest = (depth: number) => `${'{ categories { children '.repeat(1)}${'{ children '.repeat(depth)}{ id }${' }'.repeat(depth)} } }`;
  const attacks: [string, string][] = [
    ['depth 200', `query { ${'product(slug: "x") { category { '.repeat(1)}${'parent { '.repeat(198)}id${' }'.repeat(198)} } } }`],
    ['nested lists, 121 bytes', nest(5)],
    ['40 aliases of products(first: 20)', `{ ${Array.from({ length: 40 }, (_, i) => `a${i}: products(first: 20) { edges { node { id name variants { id } } } }`).join(' ')} }`],
    ['50,000 aliases', `{ ${Array.from({ length: 50_000 }, (_, i) => `a${i}: __typename`).join(' ')} }`],
    ['3 MB document', `{ __typename ${' '.repeat(3_000_000)} }`],
  ];
  const cheap = autocannon({
    url: defaultsUrl,
    method: 'POST',
    headers: from('198.51.100.1'),
    body: JSON.stringify({ query: 'query Cheap($slug: String!) { product(slug: $slug) { id name } }', variables }),
    duration: 6 + attacks.length * 2,
    connections: 2,
    overallRate: 15,
  });
  await sleep(2_000);
  const attackRows: Record<string, number | string>[] = [];
  for (const [name, query] of attacks) {
    const times: number[] = [];
    let code = '';
    const send = () => fetch(defaultsUrl, { method: 'POST', headers: from('198.51.100.2'), body: JSON.stringify({ query }) });
    // Once untimed: the first refusal of each kind runs code the router has not compiled yet.
    await (await send()).arrayBuffer();
    for (let i = 0; i < 10; i++) {
      const started = performance.now();
      const response = await send();
      const text = await response.text();
      times.push(performance.now() - started);
      code = `${response.status} ${text.match(/"code":"([A-Z_]+)"/)?.[1] ?? ''} ${text.match(/"limit":"(\w+)"/)?.[1] ?? ''}`.trim();
    }
    times.sort((a, b) => a - b);
    attackRows.push({ attack: name, answer: code, 'bytes sent': query.length, 'median ms': Number(times[5]!.toFixed(1)), 'max ms': Number(times[9]!.toFixed(1)) });
  }
  const cheapResult = await cheap;
  // The burst: 400 cheap requests at once from one anonymous address (default budget 300 a minute).
  const burstStarted = performance.now();
  const burst = await Promise.all(
    Array.from({ length: 400 }, async () => {
      const started = performance.now();
      const response = await fetch(defaultsUrl, { method: 'POST', headers: from('198.51.100.3'), body: JSON.stringify({ query: '{ __typename }' }) });
      await response.arrayBuffer();
      return { status: response.status, ms: performance.now() - started };
    }),
  );
  const refused = burst.filter((b) => b.status === 429).map((b) => b.ms).sort((a, b) => a - b);
  attackRows.push({ attack: 'burst of 400 at once', answer: `${refused.length} × 429 RATE_LIMITED`, 'bytes sent': 0, 'median ms': Number((refused[Math.floor(refused.length / 2)] ?? NaN).toFixed(1)), 'max ms': Number((refused.at(-1) ?? NaN).toFixed(1)) });
  console.log('Attacks on the router with default limits (each 10 times, one at a time; the burst all at once, whole burst ' + Math.round(performance.now() - burstStarted) + ' ms):');
  console.table(attackRows);
  console.log(`cheap query (a product's id and name, 15 a second) alongside the attacks: p50 ${cheapResult.latency.p50} ms, p99 ${cheapResult.latency.p99} ms, ${cheapResult.requests.total} requests, ${cheapResult.non2xx} non-2xx`);
} finally {
  await stack.stop();
}
