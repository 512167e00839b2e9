import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ACTIVE_STATUSES, MAX_CLOCK_SKEW_MS, SHIPMENT_STATUSES, occurredAtProblem, sandboxStep, transition, type ShipmentStatus } from './tracking.ts';

const changes = (from: ShipmentStatus) => SHIPMENT_STATUSES.filter((to) => transition(from, to).kind === 'changed');

test('the happy path moves one step at a time from label to delivery', () => {
  assert.deepEqual(transition('LABEL_CREATED', 'IN_TRANSIT'), { kind: 'changed', from: 'LABEL_CREATED', to: 'IN_TRANSIT' });
  assert.equal(transition('IN_TRANSIT', 'OUT_FOR_DELIVERY').kind, 'changed');
  assert.equal(transition('OUT_FOR_DELIVERY', 'DELIVERED').kind, 'changed');
  assert.equal(transition('IN_TRANSIT', 'DELIVERED').kind, 'changed', 'a missed out-for-delivery scan');
});

test('a shipment cannot be delivered or go out for delivery before it was in transit', () => {
  assert.equal(transition('LABEL_CREATED', 'DELIVERED').kind, 'illegal');
  assert.equal(transition('LABEL_CREATED', 'OUT_FOR_DELIVERY').kind, 'illegal');
});

test('nothing leaves DELIVERED or CANCELLED', () => {
  assert.deepEqual(changes('DELIVERED'), []);
  assert.deepEqual(changes('CANCELLED'), []);
  const illegal = transition('DELIVERED', 'IN_TRANSIT');
  assert.equal(illegal.kind, 'illegal');
  assert.match(illegal.kind === 'illegal' ? illegal.message : '', /DELIVERED, which is final/);
});

test('an EXCEPTION can only return to IN_TRANSIT, and every status on the way can run into one', () => {
  assert.deepEqual(changes('EXCEPTION'), ['IN_TRANSIT']);
  for (const status of ['LABEL_CREATED', 'IN_TRANSIT', 'OUT_FOR_DELIVERY'] as const) {
    assert.equal(transition(status, 'EXCEPTION').kind, 'changed', status);
  }
});

test('only a label not yet handed over can be cancelled', () => {
  assert.deepEqual(
    SHIPMENT_STATUSES.filter((from) => transition(from, 'CANCELLED').kind === 'changed'),
    ['LABEL_CREATED'],
  );
});

test('no going back: a shipment never returns to an earlier step of the happy path', () => {
  assert.equal(transition('IN_TRANSIT', 'LABEL_CREATED').kind, 'illegal');
  assert.equal(transition('OUT_FOR_DELIVERY', 'IN_TRANSIT').kind, 'illegal');
  assert.equal(transition('EXCEPTION', 'LABEL_CREATED').kind, 'illegal');
});

test('the same status again is a duplicate, never an error, even when final', () => {
  for (const status of SHIPMENT_STATUSES) assert.deepEqual(transition(status, status), { kind: 'duplicate', status });
});

test('the sandbox carrier steps every active status on with a plausible location and leaves final ones alone', () => {
  const where = { hub: 'Amsterdam hub', city: 'Utrecht', country: 'NL' };
  assert.deepEqual(sandboxStep('LABEL_CREATED', where), { status: 'IN_TRANSIT', location: 'Amsterdam hub' });
  assert.deepEqual(sandboxStep('IN_TRANSIT', where), { status: 'OUT_FOR_DELIVERY', location: 'Utrecht delivery depot' });
  assert.deepEqual(sandboxStep('OUT_FOR_DELIVERY', where), { status: 'DELIVERED', location: 'Utrecht, NL' });
  assert.deepEqual(sandboxStep('EXCEPTION', where), { status: 'IN_TRANSIT', location: 'Amsterdam hub' });
  assert.equal(sandboxStep('DELIVERED', where), undefined);
  assert.equal(sandboxStep('CANCELLED', where), undefined);
  for (const status of ACTIVE_STATUSES) {
    const step = sandboxStep(status, where);
    assert.equal(step && transition(status, step.status).kind, 'changed', `the sandbox step from ${status} is legal`);
  }
});

test('a scan may not lie in the future (beyond clock skew) nor before the latest one', () => {
  const now = new Date('2030-01-01T12:00:00Z');
  const latest = new Date('2030-01-01T11:00:00Z');
  assert.equal(occurredAtProblem(now, latest, now), undefined);
  assert.equal(occurredAtProblem(latest, latest, now), undefined, 'the same instant is fine');
  assert.equal(occurredAtProblem(new Date(now.getTime() + MAX_CLOCK_SKEW_MS), latest, now), undefined);
  assert.equal(occurredAtProblem(new Date(now.getTime() + MAX_CLOCK_SKEW_MS + 1), latest, now)?.code, 'BAD_USER_INPUT');
  assert.equal(occurredAtProblem(new Date('2030-01-01T10:59:59Z'), latest, now)?.code, 'CONFLICT');
  assert.equal(occurredAtProblem(new Date('2020-01-01T00:00:00Z'), undefined, now), undefined, 'no history yet');
});
