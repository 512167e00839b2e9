import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { createLogger } from './logger.ts';
import { startPeriodic } from './periodic.ts';

const logger = createLogger('test', 'silent');

test('passes never overlap, whether the timer or runNow starts them', async () => {
  let running = 0;
  let most = 0;
  let passes = 0;
  const task = startPeriodic({
    name: 'test',
    intervalMs: 5,
    logger,
    pass: async () => {
      running += 1;
      most = Math.max(most, running);
      await sleep(10);
      running -= 1;
      return ++passes;
    },
  });
  await Promise.all([task.runNow(), task.runNow(), task.runNow()]);
  await sleep(50);
  await task.stop();
  assert.equal(most, 1);
  assert.ok(passes >= 4, `timer passes ran too (${passes})`);
  const after = passes;
  await sleep(30);
  assert.equal(passes, after, 'nothing runs after stop');
});

test('a failing pass is retried on the next tick; interval 0 runs only on demand', async () => {
  let calls = 0;
  const flaky = startPeriodic({
    name: 'flaky',
    intervalMs: 5,
    logger,
    pass: async () => {
      calls += 1;
      if (calls === 1) throw new Error('boom');
      return calls;
    },
  });
  await sleep(40);
  await flaky.stop();
  assert.ok(calls >= 2);

  let manual = 0;
  const idle = startPeriodic({ name: 'idle', intervalMs: 0, logger, pass: async () => ++manual });
  await sleep(20);
  assert.equal(manual, 0);
  assert.equal(await idle.runNow(), 1);
  await idle.stop();
});
