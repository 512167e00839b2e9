// Runs one kind of test of the current workspace with node's test runner (through tsx):
//   unit        src/**/*.test.ts   pure logic, no I/O
//   integration test/**/*.test.ts  against the real PostgreSQL, FerretDB and Kafka
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync, existsSync } from 'node:fs';
import { join } from 'node:path';

const kind = process.argv[2];
const roots = { unit: ['src'], integration: ['test'] }[kind];
if (!roots) {
  console.error('usage: run-tests.mjs unit|integration');
  process.exit(2);
}

function find(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'node_modules' ? [] : find(path);
    return name.endsWith('.test.ts') ? [path] : [];
  });
}

const files = roots.flatMap(find).sort();
if (files.length === 0) {
  console.log(`no ${kind} tests in ${process.cwd()}`);
  process.exit(0);
}
const result = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-concurrency=1', '--test-reporter=spec', ...files],
  { stdio: 'inherit', env: { ...process.env, NODE_ENV: process.env.NODE_ENV ?? 'test' } },
);
process.exit(result.status ?? 1);
