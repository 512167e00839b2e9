import assert from 'node:assert/strict';
import { test } from 'node:test';
import pg from 'pg';
import { infra, testLogger, unique } from '@commerce/testkit';
import { createRateLimiter } from '../src/guardrails/rate-limit.ts';

const settings = { durationSeconds: 60, anonymousPoints: 2, customerPoints: 3, adminPoints: 4 };

test('with its store unreachable the limiter still answers every request, counting in memory', async () => {
  // Nothing listens on port 9; connecting fails at once.
  const pool = new pg.Pool({ connectionString: 'postgres://commerce:commerce@127.0.0.1:9/router', connectionTimeoutMillis: 500 });
  pool.on('error', () => undefined);
  const warnings: string[] = [];
  const logger = testLogger('rate-limit');
  const recording = Object.assign(Object.create(logger) as typeof logger, { warn: (_: unknown, message: string) => void warnings.push(message) });
  const limiter = createRateLimiter({ settings, pool, logger: recording });
  try {
    const client = { clientAddress: '192.0.2.7' };
    assert.equal(await limiter.consume(client), undefined);
    assert.equal(await limiter.consume(client), undefined);
    const refused = await limiter.consume(client);
    assert.equal(refused?.extensions.code, 'RATE_LIMITED');
    assert.ok((refused?.extensions.retryAfterSeconds as number) >= 1);
    assert.match(refused?.message ?? '', /from this address: 3 in 60 s, at most 2 are allowed/);
    // An admin from the same address is not refused.
    assert.equal(await limiter.consume({ ...client, viewer: { id: 'cus_admin', roles: ['ADMIN'] } }), undefined);
    assert.equal(limiter.shared, false);
    await new Promise((resolve) => setTimeout(resolve, 600));
    assert.ok(warnings.some((message) => /unreachable|failed/.test(message)), warnings.join());
  } finally {
    limiter.close();
    await pool.end();
  }
});

test('shared counters live in an unlogged table, and one an earlier version made logged turns unlogged', async () => {
  // A scratch schema first on the search path, so the table other routers count in is left alone.
  const schema = unique('router_rl_');
  const pool = new pg.Pool({ connectionString: infra.postgresUrl('router'), options: `-c search_path=${schema}` });
  await pool.query(`CREATE SCHEMA ${schema}`);
  await pool.query('CREATE TABLE router_rate_limits (key varchar(255) PRIMARY KEY, points integer NOT NULL DEFAULT 0, expire bigint)');
  const limiter = createRateLimiter({ settings, pool, logger: testLogger('rate-limit') });
  try {
    for (const deadline = Date.now() + 10_000; !limiter.shared && Date.now() < deadline; ) await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(limiter.shared, true);
    const client = { clientAddress: '192.0.2.8' };
    assert.equal(await limiter.consume(client), undefined);
    assert.equal(await limiter.consume(client), undefined);
    assert.equal((await limiter.consume(client))?.extensions.code, 'RATE_LIMITED');
    const { rows } = await pool.query<{ relpersistence: string; points: number }>(
      "SELECT relpersistence, (SELECT points FROM router_rate_limits WHERE key = 'router_anonymous:192.0.2.8') AS points FROM pg_class WHERE oid = to_regclass('router_rate_limits')",
    );
    // The third was refused by this replica's own count before it reached the store.
    assert.deepEqual(rows, [{ relpersistence: 'u', points: 2 }]);
  } finally {
    limiter.close();
    await pool.query(`DROP SCHEMA ${schema} CASCADE`);
    await pool.end();
  }
});

test('when the store fails mid-window the replica keeps its own count: a burst gets no fresh budget', async () => {
  const schema = unique('router_rl_');
  const pool = new pg.Pool({ connectionString: infra.postgresUrl('router'), options: `-c search_path=${schema}` });
  await pool.query(`CREATE SCHEMA ${schema}`);
  const limiter = createRateLimiter({ settings, pool, logger: testLogger('rate-limit') });
  try {
    for (const deadline = Date.now() + 10_000; !limiter.shared && Date.now() < deadline; ) await new Promise((resolve) => setTimeout(resolve, 50));
    const client = { clientAddress: '192.0.2.9' };
    assert.equal(await limiter.consume(client), undefined, 'counted in the store');
    // Every store query now fails, as under a burst its pool cannot serve in time.
    const failing = pool.query.bind(pool);
    pool.query = (() => Promise.reject(new Error('timeout exceeded when trying to connect'))) as unknown as typeof pool.query;
    assert.equal(await limiter.consume(client), undefined);
    assert.equal((await limiter.consume(client))?.extensions.code, 'RATE_LIMITED', 'the third in the window is refused although the store failed');
    pool.query = failing;
  } finally {
    limiter.close();
    await pool.query(`DROP SCHEMA ${schema} CASCADE`);
    await pool.end();
  }
});

test('two replicas under a concurrent burst share one exact budget, counted in a few batched statements', async () => {
  const schema = unique('router_rl_');
  const pool = new pg.Pool({ connectionString: infra.postgresUrl('router'), options: `-c search_path=${schema}`, max: 4 });
  await pool.query(`CREATE SCHEMA ${schema}`);
  let statements = 0;
  const counting = pool.query.bind(pool);
  pool.query = ((...args: Parameters<typeof pool.query>) => {
    statements += 1;
    return counting(...args);
  }) as typeof pool.query;
  const budget = { ...settings, anonymousPoints: 100 };
  const replicas = [createRateLimiter({ settings: budget, pool, logger: testLogger('rate-limit') }), createRateLimiter({ settings: budget, pool, logger: testLogger('rate-limit') })];
  try {
    for (const deadline = Date.now() + 10_000; !replicas.every((replica) => replica.shared) && Date.now() < deadline; ) await new Promise((resolve) => setTimeout(resolve, 50));
    const before = statements;
    const client = { clientAddress: '192.0.2.10' };
    // 150 at each replica at once: each lets its first 100 reach the store, which admits 100 in all.
    const answers = await Promise.all(Array.from({ length: 300 }, (_, i) => replicas[i % 2]!.consume(client)));
    const allowed = answers.filter((answer) => answer === undefined).length;
    assert.equal(allowed, 100);
    assert.ok(answers.every((answer) => answer === undefined || answer.extensions.code === 'RATE_LIMITED'));
    assert.ok(statements - before <= 20, `${statements - before} statements for 200 counted requests`);
    const { rows } = await pool.query<{ points: number }>("SELECT points FROM router_rate_limits WHERE key = 'router_anonymous:192.0.2.10'");
    assert.deepEqual(rows, [{ points: 200 }]);
    // A window that has ended starts again.
    await pool.query("UPDATE router_rate_limits SET expire = 0 WHERE key = 'router_anonymous:192.0.2.10'");
    const fresh = createRateLimiter({ settings: budget, pool, logger: testLogger('rate-limit') });
    for (const deadline = Date.now() + 10_000; !fresh.shared && Date.now() < deadline; ) await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(await fresh.consume(client), undefined);
    const { rows: restarted } = await pool.query<{ points: number; later: boolean }>(
      "SELECT points, expire > $1 AS later FROM router_rate_limits WHERE key = 'router_anonymous:192.0.2.10'",
      [Date.now()],
    );
    assert.deepEqual(restarted, [{ points: 1, later: true }]);
    fresh.close();
  } finally {
    for (const replica of replicas) replica.close();
    await counting(`DROP SCHEMA ${schema} CASCADE`);
    await pool.end();
  }
});
