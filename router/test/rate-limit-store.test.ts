import assert from 'node:assert/strict';
import { test } from 'node:test';
import pg from 'pg';
import { testLogger } from '@commerce/testkit';
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
