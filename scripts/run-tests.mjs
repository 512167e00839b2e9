// Runs one kind of test of the current workspace with node's test runner (through tsx):
//   unit        src/**/*.test.ts   pure logic, no I/O
//   integration test/**/*.test.ts  against the real PostgreSQL, FerretDB and Kafka
// When TEST_SUMMARY_FILE is set, appends "<pass> <fail>" to it for scripts/test.sh's total;
// when TEST_FAILURES_FILE is set, appends each failing test's TAP block (name, error, stack) to it,
// so scripts/test.sh can repeat them last, where a truncated log still shows them.
import { spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
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

const dir = mkdtempSync(join(tmpdir(), 'run-tests-'));
const tap = join(dir, 'results.tap');
const result = spawnSync(
  process.execPath,
  [
    '--import',
    'tsx',
    '--test',
    '--test-concurrency=1',
    '--test-reporter=spec',
    '--test-reporter-destination=stdout',
    '--test-reporter=tap',
    `--test-reporter-destination=${tap}`,
    ...files,
  ],
  { stdio: 'inherit', env: { ...process.env, NODE_ENV: process.env.NODE_ENV ?? 'test' } },
);
if (process.env.TEST_SUMMARY_FILE && existsSync(tap)) {
  const text = readFileSync(tap, 'utf8');
  const count = (name) => Number(text.match(new RegExp(`^# ${name} (\\d+)$`, 'm'))?.[1] ?? 0);
  appendFileSync(process.env.TEST_SUMMARY_FILE, `${count('pass')} ${count('fail') + count('cancelled')}\n`);
}
if (process.env.TEST_FAILURES_FILE && existsSync(tap)) {
  const failures = failedBlocks(readFileSync(tap, 'utf8'));
  if (failures.length > 0) appendFileSync(process.env.TEST_FAILURES_FILE, `--- ${process.cwd()} (${kind})\n${failures.join('\n')}\n`);
}
rmSync(dir, { recursive: true, force: true });
process.exit(result.status ?? 1);

/** The "not ok" lines of a TAP report with their indented YAML blocks, suites' own entries left out. */
function failedBlocks(text) {
  const lines = text.split('\n');
  const blocks = [];
  for (let i = 0; i < lines.length; i += 1) {
    const match = lines[i].match(/^(\s*)not ok /);
    if (!match) continue;
    const indent = match[1].length;
    const block = [lines[i]];
    // Its YAML block: the lines indented deeper, up to the next test line.
    while (i + 1 < lines.length && indentOf(lines[i + 1]) > indent && !/^\s*(not )?ok /.test(lines[i + 1])) {
      block.push(lines[(i += 1)]);
    }
    // A suite fails when a test in it does: its block says only "subtestsFailed".
    if (!block.some((line) => line.includes("failureType: 'subtestsFailed'"))) blocks.push(block.join('\n').slice(0, 4000));
  }
  return blocks;
}

function indentOf(line) {
  return line.length - line.trimStart().length;
}
