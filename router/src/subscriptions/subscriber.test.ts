import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { FormattedExecutionResult } from 'graphql';
import { subscriptionFields } from './config.ts';
import { createCursorCodec } from './cursor.ts';
import { Subscriber, type FeedRecord, type Resolution, type SharedResolutions } from './subscriber.ts';

const ORDERS = 'orders.events';
const PAYMENTS = 'payments.events';

const cursors = createCursorCodec(['k'.repeat(32)]);
let offsets = 0;
function statusChanged(version: number, partition = 0, orderId = 'ord_1'): FeedRecord {
  return {
    topic: ORDERS,
    partition,
    offset: offsets++,
    event: {
      eventId: `e${offsets}`,
      eventType: 'OrderStatusChanged',
      version: 1,
      occurredAt: new Date().toISOString(),
      correlationId: 'c',
      aggregateId: orderId,
      data: { orderId, customerId: 'cus_1', version, next: 'PENDING' },
    },
  };
}
function paymentCaptured(orderId = 'ord_1'): FeedRecord {
  return {
    topic: PAYMENTS,
    partition: 1,
    offset: offsets++,
    event: { eventId: `p${offsets}`, eventType: 'PaymentCaptured', version: 1, occurredAt: new Date().toISOString(), correlationId: 'c', aggregateId: orderId, data: { orderId } },
  };
}

function subscriber(options: { queueLimit?: number; version?: number } = {}) {
  const resolved: Resolution[] = [];
  const events = { overflow: 0, ended: 0 };
  const sub = new Subscriber({
    field: 'orderUpdated',
    config: subscriptionFields.orderUpdated!,
    args: { orderId: 'ord_1' },
    viewerId: 'cus_1',
    resolutionKey: 'k',
    scope: 's',
    seen: { [ORDERS]: [0, 0], [PAYMENTS]: [0, 0] },
    ...(options.version !== undefined ? { version: options.version } : {}),
    queueLimit: options.queueLimit ?? 10,
    encodeCursor: (cursor) => cursors.encode(cursor),
    resolve: async (resolution) => {
      resolved.push(resolution);
      return { data: { orderUpdated: { version: resolution.version ?? null } } };
    },
    onOverflow: () => void events.overflow++,
    onPushed: () => undefined,
    onEnd: () => void events.ended++,
  });
  return { sub, resolved, events };
}

async function drain(sub: Subscriber, count: number): Promise<FormattedExecutionResult[]> {
  const out: FormattedExecutionResult[] = [];
  for (let i = 0; i < count; i++) {
    const next = await sub.next();
    assert.equal(next.done, false);
    out.push(next.value);
  }
  return out;
}

test('the current state goes first, live records wait for it, and versions already shown are skipped', async () => {
  const { sub, resolved } = subscriber();
  const old = statusChanged(2);
  sub.offer(old);
  sub.offer(statusChanged(3));
  sub.pushCurrent('ord_1', 2);
  sub.goLive();
  sub.offer(paymentCaptured());
  const payloads = await drain(sub, 3);
  assert.deepEqual(resolved.map((r) => r.version), [2, 3, 3], 'current at 2, then 3; the payment pinned to the version shown');
  assert.deepEqual(payloads.map((p) => (p.extensions?.event as { type: string } | null)?.type ?? null), [null, 'OrderStatusChanged', 'PaymentCaptured']);
  const last = cursors.decode(payloads[2]!.extensions!.cursor as string)!;
  assert.equal(last.version, 3);
  sub.accept(old);
  assert.equal(resolved.length, 3, 'a record below the cursor is not shown again');
});

test('a resumed subscriber skips what its cursor covers and keeps its version across the replay', async () => {
  const { sub, resolved } = subscriber({ version: 3 });
  sub.accept(statusChanged(3));
  sub.accept(paymentCaptured());
  sub.accept(statusChanged(4));
  sub.goLive();
  await drain(sub, 2);
  assert.deepEqual(resolved.map((r) => r.version), [3, 4]);
});

test('subscribers asking the same thing about one record share its resolution', () => {
  const a = subscriber();
  const b = subscriber();
  for (const s of [a, b]) s.sub.goLive();
  const shared: SharedResolutions = new Map();
  const record = statusChanged(1);
  a.sub.offer(record, shared);
  b.sub.offer(record, shared);
  assert.equal(a.resolved.length + b.resolved.length, 1);
});

test('a subscriber that falls behind is dropped, and ends once', async () => {
  const { sub, events } = subscriber({ queueLimit: 2 });
  sub.goLive();
  for (let v = 1; v <= 3; v++) sub.offer(statusChanged(v));
  assert.equal(events.overflow, 1);
  assert.equal(events.ended, 1);
  assert.equal(sub.isEnded, true);
  assert.deepEqual(await sub.next(), { done: true, value: undefined });
});

test('finish sends the final payload after the queued ones, then completes', async () => {
  const { sub } = subscriber();
  sub.goLive();
  sub.offer(statusChanged(1));
  sub.finish({ errors: [{ message: 'bye', extensions: { code: 'SUPERGRAPH_RELOADED' } }] });
  const [first, last] = await drain(sub, 2);
  assert.ok(first?.data);
  assert.equal(last?.errors?.[0]?.extensions?.code, 'SUPERGRAPH_RELOADED');
  assert.equal((await sub.next()).done, true);
});

test('return() from the client ends a subscriber waiting for records', async () => {
  const { sub, events } = subscriber();
  sub.goLive();
  const waiting = sub.next();
  await sub.return();
  assert.deepEqual(await waiting, { done: true, value: undefined });
  assert.equal(events.ended, 1);
});

test("a replayed record of another order is not shown, but the cursor moves past it", async () => {
  const { sub, resolved } = subscriber();
  const theirs = paymentCaptured('ord_2');
  sub.accept(statusChanged(1, 0, 'ord_2'));
  sub.accept(theirs);
  sub.accept(statusChanged(2));
  sub.goLive();
  const [payload] = await drain(sub, 1);
  assert.deepEqual(resolved.map((r) => r.entityId), ['ord_1']);
  const cursor = cursors.decode(payload!.extensions!.cursor as string)!;
  assert.equal(cursor.positions[PAYMENTS]![1], theirs.offset + 1);
});

test('room() waits until the client takes a payload off a full queue, so a paced replay never overflows', async () => {
  const { sub, events } = subscriber({ queueLimit: 2 });
  let handed = 0;
  const replay = (async () => {
    for (let v = 1; v <= 5; v++) {
      await sub.room();
      sub.accept(statusChanged(v));
      handed++;
    }
  })();
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(handed, 2, 'the replay stops at the queue limit');
  await drain(sub, 5);
  await replay;
  assert.equal(events.overflow, 0);
  let empty = false;
  void sub.room(2).then(() => (empty = true));
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(empty, true, 'room for a whole queue once it is empty');
});
