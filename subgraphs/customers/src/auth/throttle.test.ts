import assert from 'node:assert/strict';
import { test } from 'node:test';
import { signInDelayMs } from './throttle.ts';

test('an account’s sign-in answers slow down by one step per failure past the threshold, up to the cap', () => {
  const settings = { slowAfter: 2, slowStepMs: 250, slowMaxMs: 1000 };
  assert.deepEqual(
    [0, 1, 2, 3, 4, 5, 6, 50].map((failures) => signInDelayMs(failures, settings)),
    [0, 0, 250, 500, 750, 1000, 1000, 1000],
  );
});
