import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RESERVATION_STATUSES, isDue, nextStatus } from './reservation.ts';

test('a held reservation can be released, committed or expired', () => {
  assert.equal(nextStatus('RESERVED', 'release'), 'RELEASED');
  assert.equal(nextStatus('RESERVED', 'commit'), 'COMMITTED');
  assert.equal(nextStatus('RESERVED', 'expire'), 'EXPIRED');
});

test('every other status is final: late and duplicate events change nothing', () => {
  for (const status of RESERVATION_STATUSES.filter((s) => s !== 'RESERVED')) {
    for (const action of ['release', 'commit', 'expire'] as const) {
      assert.equal(nextStatus(status, action), undefined, `${action} on ${status}`);
    }
  }
});

test('only a held reservation with a passed deadline is due', () => {
  const now = new Date('2030-01-01T12:00:00Z');
  assert.equal(isDue({ status: 'RESERVED', expiresAt: new Date('2030-01-01T11:59:59Z') }, now), true);
  assert.equal(isDue({ status: 'RESERVED', expiresAt: now }, now), true);
  assert.equal(isDue({ status: 'RESERVED', expiresAt: new Date('2030-01-01T12:00:01Z') }, now), false);
  assert.equal(isDue({ status: 'RESERVED', expiresAt: null }, now), false, 'kept after payment');
  assert.equal(isDue({ status: 'RELEASED', expiresAt: new Date(0) }, now), false);
});
