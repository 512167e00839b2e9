// infra.sh provisions from any checkout, also one that PostgreSQL's own user cannot enter
// (root's home directory, a `mktemp -d` folder): root runs the database server as `postgres`.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import pg from 'pg';

const run = promisify(execFile);
const INFRA_DIR = fileURLToPath(new URL('../../infra/', import.meta.url));

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

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
