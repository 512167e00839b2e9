// infra.sh provisions from any checkout, also one that PostgreSQL's own user cannot enter
// (root's home directory, a `mktemp -d` folder): root runs the database server as `postgres`.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import pg from 'pg';
import { freePort } from '@commerce/testkit';

const run = promisify(execFile);
const INFRA_DIR = fileURLToPath(new URL('../../infra/', import.meta.url));

const asRoot = process.getuid?.() === 0;

describe('provisioning from any checkout', { skip: asRoot ? false : 'only root runs the server as another user' }, () => {
  test('PostgreSQL is provisioned and started for a checkout in a folder its user cannot enter, and answers the application role', { timeout: 120_000 }, async () => {
    // mkdtemp makes the folder 0700: the postgres user cannot even look inside.
    const checkout = mkdtempSync(join(tmpdir(), 'checkout-'));
    cpSync(INFRA_DIR, join(checkout, 'infra'), { recursive: true });
    const port = await freePort();
    // The data folder is the checkout's own .data, as for a fresh clone.
    const { COMMERCE_DATA_DIR: _ignored, ...inherited } = process.env;
    const env = { ...inherited, COMMERCE_PG_PORT: String(port) };
    const infra = join(checkout, 'infra', 'infra.sh');
    try {
      const up = await run('bash', [infra, 'up', 'postgres'], { cwd: checkout, env }).catch((err: { stdout: string; stderr: string }) => err);
      assert.match(up.stdout, /postgres: healthy/, `${up.stdout}\n${up.stderr}`);
      const client = new pg.Client({ connectionString: `postgres://commerce:commerce@127.0.0.1:${port}/orders` });
      await client.connect();
      const { rows } = await client.query('select current_user as who');
      await client.end();
      assert.equal(rows[0].who, 'commerce');
    } finally {
      const status = await run('bash', [infra, 'status'], { cwd: checkout, env }).catch((err: { stdout: string }) => err);
      const cluster = /data=(\S+)\/postgres/.exec(status.stdout)?.[1];
      await run('bash', [infra, 'down'], { cwd: checkout, env }).catch(() => undefined);
      rmSync(checkout, { recursive: true, force: true });
      if (cluster?.startsWith('/var/tmp/commerce-supergraph/')) rmSync(cluster, { recursive: true, force: true });
    }
  });
});

test('docker-compose restarts every long-running service that exits, and the topic job until it succeeds', () => {
  const compose = readFileSync(fileURLToPath(new URL('../../docker-compose.yml', import.meta.url)), 'utf8');
  const services = compose.slice(compose.indexOf('\nservices:\n'), compose.indexOf('\nvolumes:'));
  const blocks = [...services.matchAll(/^ {2}([a-z-]+):\n((?: {4}.*\n|\s*\n)*)/gm)].map(([, name, body]) => ({ name, body }));
  assert.ok(blocks.length >= 12, `found ${blocks.map((block) => block.name).join(', ')}`);
  for (const { name, body } of blocks) {
    const policy = /^ {4}restart: (\S+)$/m.exec(body ?? '')?.[1];
    assert.equal(policy, name === 'kafka-topics' ? 'on-failure' : 'unless-stopped', `${name}: restart ${policy}`);
  }
});
