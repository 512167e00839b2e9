// Gateways on the public gateways benchmark's workload (our own code in bench/src/gateway/):
// four small federated subgraphs answering from static data, one deep query crossing them ~16
// times, 50 connections. Vanilla @apollo/gateway in @apollo/server, Hive Gateway and our router
// (merging on; operation merging off; all merging off) each on one core, then our router on every core, interleaved in one run.
//   npm run bench -- gateway      (BENCH_SECONDS=20 BENCH_WARMUP_SECONDS=5 BENCH_CONNECTIONS=50 to change;
//                                  BENCH_CPU_PROF=<dir> writes CPU profiles of our router there,
//                                  BENCH_GATEWAYS=apollo-gateway,router runs only those,
//                                  BENCH_ROUTER_FLAGS="<node flags>" adds our router on one core with them)
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { composeServices } from '@apollo/composition';
import { cpuSnapshot, cpuSpent } from './cpu.ts';
import { freePort, peakRssMiB, startProcess, type Started } from './gateway/processes.ts';
import { DEEP_QUERY } from './gateway/query.ts';
import { limitsToRaise } from './gateway/router-limits.ts';
import { SUBGRAPH_NAMES, subgraphTypeDefs } from './gateway/subgraphs.ts';
import { nodeFlagsOf } from '../../scripts/node-flags.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP_SECONDS ?? 5);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const CPU_PROF = process.env.BENCH_CPU_PROF;
const ROUTER_FLAGS = (process.env.BENCH_ROUTER_FLAGS ?? '').split(' ').filter(Boolean);
/** BENCH_GATEWAYS=router,hive-gateway runs only those (ratios then need apollo-gateway among them). */
const ONLY = process.env.BENCH_GATEWAYS?.split(',').filter(Boolean);
const root = fileURLToPath(new URL('../../', import.meta.url));
const cores = availableParallelism();
// The gateways get core 0; the subgraphs and the load generator share the last core.
const GATEWAY_CORE = '0';
const SIDE_CORE = String(cores - 1);
if (cores < 2) throw new Error('the gateway bench needs two cores: one for the gateway, one for the subgraphs and the load');

const version = (pkg: string) => (JSON.parse(readFileSync(join(root, 'node_modules', pkg, 'package.json'), 'utf8')) as { version: string }).version;
const loadAverage = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
const post = async (url: string, query: string) => {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) });
  return { status: response.status, text: await response.text() };
};

// The children's environment: ours, less anything that would change how a gateway runs.
const baseEnv: NodeJS.ProcessEnv = Object.fromEntries(
  Object.entries(process.env).filter(([key]) => key !== 'NODE_ENV' && !/^(ROUTER_|SUBGRAPH_|MAX_OPERATION_|RATE_LIMIT_|BENCH_)/.test(key)),
);
const node = (entry: string, flags: string[] = []) => [process.execPath, '--import', 'tsx', ...flags, entry];

interface LoadOutput {
  ok: number;
  /** Answered plus those still in flight when the clock stopped (the gateway works on them after). */
  sent: number;
  seconds: number;
  p50: number;
  p95: number;
  p99: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  mismatches: number;
  cpuMs: number;
}

/** Runs the load generator (its own process, on the side core) against `url`. */
async function runLoad(url: string, expect: string, seconds: number): Promise<LoadOutput> {
  const child = spawn('taskset', ['-c', SIDE_CORE, ...node(join(root, 'bench/src/gateway/load.ts'))], { cwd: root, env: baseEnv, stdio: ['pipe', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
  child.stdin.end(JSON.stringify({ url, body: JSON.stringify({ query: DEEP_QUERY }), expect, seconds, connections: CONNECTIONS }));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`load generator exited with ${code}`);
  return JSON.parse(out.trim().split('\n').pop()!) as LoadOutput;
}

interface Gateway {
  name: string;
  /** What it runs with, for the table. */
  setting: string;
  path: string;
  cpus?: string;
  start(port: number): Promise<Started>;
}

interface Row {
  name: string;
  setting: string;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  cpuSecondsPerRequest: number;
  rssMiB: number;
  subgraphCallsPerRequest: number;
  sideCoreBusy: number;
  failures: { errors: number; timeouts: number; non2xx: number; mismatches: number };
}

const work = mkdtempSync(join(tmpdir(), 'gateway-bench-'));
const supergraphPath = join(work, 'supergraph.graphql');
const loadBefore = loadAverage();
const subgraphPort = await freePort();
const subgraphsUrl = `http://127.0.0.1:${subgraphPort}`;
const subgraphs = await startProcess('subgraphs', node(join(root, 'bench/src/gateway/subgraph-server.ts')), {
  cwd: root,
  env: { ...baseEnv, PORT: String(subgraphPort) },
  cpus: SIDE_CORE,
  ready: async () => (await fetch(`${subgraphsUrl}/health`)).ok,
});
const subgraphCalls = async () => Object.values((await (await fetch(`${subgraphsUrl}/calls`)).json()) as Record<string, number>).reduce((a, b) => a + b, 0);

/**
 * Waits until the subgraphs have had no call for a second: the gateway has finished the requests
 * the load left in flight (it goes on with them after their connections close). Before a run so
 * the warm-up's leftovers are not counted in it; after it so its own leftovers are.
 */
async function settle(): Promise<void> {
  let last = await subgraphCalls();
  for (const deadline = Date.now() + 120_000; Date.now() < deadline; ) {
    await sleep(1000);
    const now = await subgraphCalls();
    if (now === last) return;
    last = now;
  }
}

const rows: Row[] = [];
const problems: string[] = [];
try {
  const typeDefs = subgraphTypeDefs();
  const composed = composeServices(SUBGRAPH_NAMES.map((name) => ({ name, typeDefs: typeDefs[name], url: `${subgraphsUrl}/${name}` })));
  if (composed.errors) throw new Error(`composition failed: ${composed.errors.map((e) => e.message).join('; ')}`);
  writeFileSync(supergraphPath, composed.supergraphSdl);

  const raised = limitsToRaise(composed.supergraphSdl, DEEP_QUERY);
  const routerEnv = (port: number, extra: Record<string, string>) => ({
    ...baseEnv,
    SUPERGRAPH_PATH: supergraphPath,
    PORT: String(port),
    KAFKA_BROKERS: '',
    DATABASE_URL: '',
    LOG_LEVEL: 'warn',
    // The load comes from one address: the anonymous budget (300 a minute) would refuse it.
    RATE_LIMIT_ANONYMOUS_POINTS: '1000000000',
    ...Object.fromEntries(raised.map((limit) => [limit.env, limit.value])),
    ...extra,
  });
  const profile = CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${CPU_PROF}`] : [];
  const ours = (name: string, setting: string, cpus: string | undefined, extra: Record<string, string>, flags: string[] = []): Gateway => ({
    name,
    setting,
    path: '/graphql',
    ...(cpus ? { cpus } : {}),
    start: (port) =>
      startProcess(name, node('router/src/index.ts', [...nodeFlagsOf(join(root, 'router')), ...flags, ...profile]), {
        cwd: root,
        env: routerEnv(port, extra),
        ...(cpus ? { cpus } : {}),
        ready: async () => (await fetch(`http://127.0.0.1:${port}/ready`)).ok,
      }),
  });
  const all: Gateway[] = [
    {
      name: 'apollo-gateway',
      setting: `@apollo/gateway ${version('@apollo/gateway')} in @apollo/server ${version('@apollo/server')}, startStandaloneServer`,
      path: '/',
      cpus: GATEWAY_CORE,
      start: (port) =>
        startProcess('apollo-gateway', node('bench/src/gateway/apollo-gateway.ts'), {
          cwd: root,
          env: { ...baseEnv, SUPERGRAPH_PATH: supergraphPath, PORT: String(port) },
          cpus: GATEWAY_CORE,
          ready: async () => (await post(`http://127.0.0.1:${port}/`, '{ __typename }')).status === 200,
        }),
    },
    {
      name: 'hive-gateway',
      setting: `@graphql-hive/gateway ${version('@graphql-hive/gateway')}: hive-gateway supergraph <file> --fork 1`,
      path: '/graphql',
      cpus: GATEWAY_CORE,
      start: (port) =>
        // From the temp folder: the CLI would pick up a gateway.config.* in its working directory.
        startProcess('hive-gateway', [join(root, 'node_modules/.bin/hive-gateway'), 'supergraph', supergraphPath, '--host', '127.0.0.1', '--port', String(port), '--fork', '1'], {
          cwd: work,
          env: baseEnv,
          cpus: GATEWAY_CORE,
          ready: async () => (await post(`http://127.0.0.1:${port}/graphql`, '{ __typename }')).status === 200,
        }),
    },
    ours('router', 'ROUTER_WORKERS=1', GATEWAY_CORE, { ROUTER_WORKERS: '1' }),
    ours('router-no-op-merge', 'ROUTER_WORKERS=1 OPERATION_MERGING=false', GATEWAY_CORE, { ROUTER_WORKERS: '1', OPERATION_MERGING: 'false' }),
    ours('router-no-merge', 'ROUTER_WORKERS=1 OPERATION_MERGING=false SUBGRAPH_REQUEST_MERGING=false', GATEWAY_CORE, {
      ROUTER_WORKERS: '1',
      OPERATION_MERGING: 'false',
      SUBGRAPH_REQUEST_MERGING: 'false',
    }),
    // BENCH_ROUTER_FLAGS="--max-semi-space-size=64": our router on one core with those node flags too (GC settings).
    ...(ROUTER_FLAGS.length > 0 ? [ours('router-flags', `ROUTER_WORKERS=1 node ${ROUTER_FLAGS.join(' ')}`, GATEWAY_CORE, { ROUTER_WORKERS: '1' }, ROUTER_FLAGS)] : []),
    ours('router-all-cores', `ROUTER_WORKERS default (${cores}), no taskset`, undefined, {}),
    // Where the router, not the load generator, is what limits the rate: how the workers scale.
    ours('router-all-cores-no-op-merge', `ROUTER_WORKERS default (${cores}), no taskset, OPERATION_MERGING=false`, undefined, { OPERATION_MERGING: 'false' }),
  ];
  const gateways = all.filter((gateway) => !ONLY || ONLY.includes(gateway.name));

  let reference: { data: string; bytes: number; calls: number } | undefined;
  for (const gateway of gateways) {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}${gateway.path}`;
    let started: Started | undefined;
    try {
      started = await gateway.start(port);
      // The answer, checked once: no errors, the same data as every other gateway's.
      const before = await subgraphCalls();
      const answer = await post(url, DEEP_QUERY);
      const calls = (await subgraphCalls()) - before;
      const body = JSON.parse(answer.text) as { data?: unknown; errors?: unknown };
      if (answer.status !== 200 || body.errors || !body.data) throw new Error(`answered ${answer.status}: ${answer.text.slice(0, 500)}`);
      const data = JSON.stringify(body.data);
      reference ??= { data, bytes: Buffer.byteLength(answer.text), calls };
      if (data !== reference.data) throw new Error(`its answer differs from ${gateways[0]!.name}'s`);

      await runLoad(url, answer.text, WARMUP_SECONDS);
      await settle();
      const pids = { gateway: started.pid, subgraphs: subgraphs.pid };
      const cpuBefore = cpuSnapshot(pids);
      const callsBefore = await subgraphCalls();
      const load = await runLoad(url, answer.text, SECONDS);
      const sideCpuMs = cpuSpent(cpuBefore, cpuSnapshot(pids)).subgraphs ?? 0;
      await settle();
      const spent = cpuSpent(cpuBefore, cpuSnapshot(pids));
      const callsDuring = (await subgraphCalls()) - callsBefore;
      rows.push({
        name: gateway.name,
        setting: gateway.setting,
        rps: load.ok / load.seconds,
        p50: load.p50,
        p95: load.p95,
        p99: load.p99,
        // Its CPU until the leftovers were done, over every request sent.
        cpuSecondsPerRequest: (spent.gateway ?? 0) / 1000 / Math.max(1, load.sent),
        rssMiB: peakRssMiB(started.pid),
        subgraphCallsPerRequest: callsDuring / Math.max(1, load.sent),
        sideCoreBusy: (sideCpuMs + load.cpuMs) / (load.seconds * 1000),
        failures: { errors: load.errors - load.timeouts, timeouts: load.timeouts, non2xx: load.non2xx, mismatches: load.mismatches },
      });
    } catch (err) {
      problems.push(`${gateway.name}: ${err instanceof Error ? err.message : String(err)}${started ? `\n${started.output().slice(-1500)}` : ''}`);
    } finally {
      await started?.stop();
    }
  }

  // The report.
  const fixed = (value: number, digits: number) => (Number.isFinite(value) ? value.toFixed(digits) : '-');
  const vanilla = rows.find((row) => row.name === 'apollo-gateway');
  const times = (value: number, base: number | undefined) => (base ? `${(value / base).toFixed(2)}x` : '-');
  console.log(`gateway bench: ${SECONDS} s per gateway after ${WARMUP_SECONDS} s of warm-up, ${CONNECTIONS} connections, in this order, one process each`);
  console.log(`- subgraphs: ${SUBGRAPH_NAMES.join(', ')} (@apollo/subgraph ${version('@apollo/subgraph')}, static data, documents parsed and validated once), one node:http process on core ${SIDE_CORE}`);
  console.log(`- supergraph: @apollo/composition ${version('@apollo/composition')}, in ${supergraphPath}`);
  console.log(
    `- query: DeepReviews (bench/src/gateway/query.ts); ${reference ? `${reference.calls} subgraph calls for one request through ${gateways[0]!.name}, answer ${(reference.bytes / 1024).toFixed(1)} KiB, the same JSON from every gateway that ran` : 'no gateway answered it'}`,
  );
  console.log(`- load: autocannon POST from its own process on core ${SIDE_CORE} (beside the subgraphs); every answer under load compared with the one checked`);
  console.log(`- gateways on core ${GATEWAY_CORE} (taskset -c ${GATEWAY_CORE}) except router-all-cores (${cores} workers, no taskset, sharing the cores with the subgraphs and the load)`);
  console.log(`- our router: node ${[...nodeFlagsOf(join(root, 'router')), '--import tsx'].join(' ')} router/src/index.ts (router/package.json's node flags), KAFKA_BROKERS= DATABASE_URL= (no subscriptions, memory stores), RATE_LIMIT_ANONYMOUS_POINTS=1000000000 (one client address sends everything)`);
  for (const limit of raised) console.log(`  raised: ${limit.env}=${limit.value} (${limit.why})`);
  console.log(`- machine: ${cores} cores shared with other work, load average ${loadBefore} before, ${loadAverage()} after; node ${process.version}`);
  console.log(
    `- CPU s/req and subgraph calls/req: the gateway's process tree (/proc) and the subgraphs' count over the run until its requests left in flight were done, per request sent; ` +
      `max RSS: VmHWM summed over the tree; side core: subgraphs + load generator CPU / wall time; failed: connection errors, timeouts (60 s), non-2xx and answers unlike the checked one`,
  );
  console.log('');
  const header = ['gateway', 'req/s', 'x vanilla', 'p50 ms', 'p95 ms', 'p99 ms', 'CPU s/req', 'x vanilla', 'max RSS MiB', 'subgraph calls/req', 'side core', 'failed'];
  const table = rows.map((row) => [
    row.name,
    fixed(row.rps, 1),
    times(row.rps, vanilla?.rps),
    fixed(row.p50, 0),
    fixed(row.p95, 0),
    fixed(row.p99, 0),
    fixed(row.cpuSecondsPerRequest, 4),
    times(row.cpuSecondsPerRequest, vanilla?.cpuSecondsPerRequest),
    fixed(row.rssMiB, 0),
    fixed(row.subgraphCallsPerRequest, 2),
    `${fixed(row.sideCoreBusy * 100, 0)}%`,
    String(Object.values(row.failures).reduce((a, b) => a + b, 0)),
  ]);
  const widths = header.map((title, i) => Math.max(title.length, ...table.map((cells) => cells[i]!.length)));
  const line = (cells: string[]) => cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ');
  console.log(line(header));
  for (const cells of table) console.log(line(cells));
  console.log('');
  for (const row of rows) {
    const failed = Object.entries(row.failures).filter(([, count]) => count > 0);
    console.log(`${row.name}: ${row.setting}${failed.length > 0 ? `; failed: ${failed.map(([what, count]) => `${count} ${what}`).join(', ')}` : ''}`);
  }
  for (const problem of problems) console.log(`FAILED ${problem}`);
  if (problems.length > 0) process.exitCode = 1;
} finally {
  await subgraphs.stop();
  rmSync(work, { recursive: true, force: true });
}
