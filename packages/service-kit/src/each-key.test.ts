import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { lookupEach } from './each-key.ts';

test('lookupEach asks once per distinct key, a bounded number at once, and answers by key', async () => {
  let running = 0;
  let peak = 0;
  const asked: number[] = [];
  const found = await lookupEach([3, 1, 3, 2, ...Array.from({ length: 20 }, (_, i) => 10 + i)], async (key) => {
    asked.push(key);
    running += 1;
    peak = Math.max(peak, running);
    await sleep(2);
    running -= 1;
    return key * 10;
  });
  assert.equal(asked.length, 23, 'the repeated key is asked once');
  assert.equal(found.get(3), 30);
  assert.equal(found.get(29), 290);
  assert.ok(peak > 1 && peak <= 8, `at most 8 at once, got ${peak}`);
});

test('lookupEach fails the batch when one lookup fails, and stops taking new keys', async () => {
  const asked: number[] = [];
  const keys = Array.from({ length: 40 }, (_, i) => i);
  await assert.rejects(
    lookupEach(keys, async (key) => {
      asked.push(key);
      await sleep(1);
      if (key === 0) throw new Error('lookup failed');
      return key;
    }),
    /lookup failed/,
  );
  await sleep(20);
  assert.ok(asked.length < keys.length, `stopped early, asked ${asked.length} of ${keys.length}`);
});
