import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';

const FIXTURE = fileURLToPath(new URL('./fixtures/run-subgraph.ts', import.meta.url));

/** Runs the fixture subgraph; once it printed `signalAfter`, sends SIGTERM. Resolves to its steps, stderr and exit code. */
function runFixture(options: { signalAfter?: string; env?: Record<string, string> }): Promise<{ steps: string[]; stderr: string; code: number | null }> {
  const child = spawn(process.execPath, ['--import', 'tsx', FIXTURE], { env: { ...process.env, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const steps: string[] = [];
  let stderr = '';
  let pending = '';
  child.stdout.on('data', (chunk: Buffer) => {
    pending += chunk.toString();
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) {
      if (!line.startsWith('STEP ')) continue;
      steps.push(line.slice(5));
      if (line.slice(5) === options.signalAfter) child.kill('SIGTERM');
    }
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
  return new Promise((resolve) => {
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ steps, stderr, code });
    });
  });
}

const STARTED_THEN_STOPPED = [
  'open first',
  'open second',
  'deps over first and second',
  'relay start',
  'server of deps, readiness first second',
  'ready first',
  'ready second',
  'listen',
  'job start',
  'http close',
  'job stop',
  'relay stop',
  'close first',
  'close second',
];

test('runSubgraph starts stores, deps, relay, server, jobs in that order and on SIGTERM stops http, jobs, relay, then the stores, exiting 0', async () => {
  const { steps, code } = await runFixture({ signalAfter: 'job start' });
  assert.deepEqual(steps, STARTED_THEN_STOPPED);
  assert.equal(code, 0);
});

test('a SIGTERM during start-up is kept: start-up finishes, then everything stops in the same order, exiting 0', async () => {
  // Before, a signal between two start-up steps killed the process outright (CI caught one right after the job started).
  const { steps, code } = await runFixture({ signalAfter: 'open first' });
  assert.deepEqual(steps, STARTED_THEN_STOPPED);
  assert.equal(code, 0);
});

test('a subgraph whose store cannot be opened exits 1 with the error, starting nothing after it', async () => {
  const { steps, stderr, code } = await runFixture({ env: { FIXTURE_FAIL_AT: 'open second' } });
  assert.deepEqual(steps, ['open first']);
  assert.match(stderr, /second is unreachable/);
  assert.equal(code, 1);
});
