import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkReadiness } from './health.ts';

test('a service is ready only when every dependency answers in time', async () => {
  const report = await checkReadiness(
    [
      { name: 'postgres', check: async () => 'ok' },
      { name: 'kafka', check: async () => Promise.reject(new Error('down')) },
      { name: 'mongo', check: () => new Promise(() => undefined) },
    ],
    50,
  );
  assert.deepEqual(report, { ready: false, checks: { postgres: 'ok', kafka: 'failing', mongo: 'failing' } });
  assert.deepEqual(await checkReadiness([{ name: 'postgres', check: async () => 1 }]), {
    ready: true,
    checks: { postgres: 'ok' },
  });
});
