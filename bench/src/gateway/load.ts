// The load generator of the gateway bench, a process of its own (pinned beside the subgraphs):
// autocannon POSTs one GraphQL body over `connections` connections for `seconds` and
// prints one JSON line: requests answered and sent, seconds, 2xx latency percentiles, errors and answers that
// differ from `expect` (the answer checked before the run). Its settings come on stdin.
import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';

const settings = JSON.parse(readFileSync(0, 'utf8')) as {
  url: string;
  body: string;
  expect: string;
  seconds: number;
  connections: number;
};

const latencies: number[] = [];
const result = await new Promise<autocannon.Result>((resolve, reject) => {
  const instance = autocannon(
    {
      url: settings.url,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: settings.body,
      expectBody: settings.expect,
      duration: settings.seconds,
      connections: settings.connections,
      // k6's default, as the public benchmark uses: autocannon's 10 s would drop answers a busy machine delays.
      timeout: 60,
    },
    (err, done) => (err ? reject(err as Error) : resolve(done)),
  );
  instance.on('response', (_client: unknown, status: number, _bytes: number, ms: number) => {
    if (status >= 200 && status < 300) latencies.push(ms);
  });
});
const cpu = process.cpuUsage();
latencies.sort((a, b) => a - b);
const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? Number.NaN;
process.stdout.write(
  `${JSON.stringify({
    ok: latencies.length,
    sent: result.requests.sent,
    seconds: result.duration,
    p50: at(0.5),
    p95: at(0.95),
    p99: at(0.99),
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
    mismatches: result.mismatches,
    bytes: result.throughput.total,
    cpuMs: (cpu.user + cpu.system) / 1000,
  })}\n`,
);
