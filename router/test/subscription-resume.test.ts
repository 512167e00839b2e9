import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import type { FormattedExecutionResult } from 'graphql';
import { OrderStatusChanged, TOPICS, newEvent, publishEvents } from '@commerce/events';
import { checkout, type Shopper } from './checkout-support.ts';
import { connect, errorCodesOf, type LiveConnection } from './live.ts';
import { startStack, type Stack } from './stack.ts';

const QUEUE_LIMIT = 8;
const ORDER_UPDATED = 'subscription ($id: ID!, $after: String) { orderUpdated(orderId: $id, after: $after) { id status } }';

const eventIds = (payloads: FormattedExecutionResult[]) => payloads.map((p) => (p.extensions?.event as { id: string } | null)?.id).filter(Boolean);
const orderIdOf = (payload: FormattedExecutionResult) => (payload.data as { orderUpdated?: { id: string } } | undefined)?.orderUpdated?.id;

/** A cursor with its JSON body changed by `edit`, keeping whatever signature it carried. */
function tampered(cursor: string, edit: (body: { p: Record<string, number[]> }) => void): string {
  const [body, ...signature] = cursor.split('.');
  const json = JSON.parse(Buffer.from(body!, 'base64url').toString('utf8')) as { p: Record<string, number[]> };
  edit(json);
  return [Buffer.from(JSON.stringify(json)).toString('base64url'), ...signature].join('.');
}

describe('resuming a subscription from its cursor', () => {
  let stack: Stack;
  let co: ReturnType<typeof checkout>;
  const connections: LiveConnection[] = [];
  /** A connection as the shopper (or with these headers). */
  const live = (who: Shopper | Record<string, string>) => {
    const headers = (who as Shopper).headers ?? (who as Record<string, string>);
    const connection = connect(stack.url, { authorization: headers.authorization });
    connections.push(connection);
    return connection;
  };

  before(async () => {
    stack = await startStack({ saga: { carrierStepMs: 200 }, subscriptionQueueLimit: QUEUE_LIMIT });
    co = checkout(stack);
  });
  after(async () => {
    await Promise.all(connections.map((c) => c.dispose().catch(() => undefined)));
    await co.retireWarehouse();
    await stack.close();
  });

  test("a resume replays exactly what the subscription showed live: none of another customer's events, none of the same customer's other order", async () => {
    const [a, b] = [await co.shopper(), await co.shopper()];
    const item = await co.stockedProduct('20.00', 10);
    const watched = await co.placeOrder(a, item.variantId, 1);
    const liveUpdates = live(a).subscribe(ORDER_UPDATED, { id: watched });
    const [first] = await liveUpdates.until((received) => received.length >= 1);
    const cursor = first!.extensions!.cursor as string;

    // Past the cursor, B's order and A's second order run their sagas alongside the watched one.
    const theirs = await co.placeOrder(b, item.variantId, 1);
    const aOther = await co.placeOrder(a, item.variantId, 1);
    await Promise.all([
      co.waitForStatus(watched, 'DELIVERED', a.headers),
      co.waitForStatus(theirs, 'DELIVERED', b.headers),
      co.waitForStatus(aOther, 'DELIVERED', a.headers),
    ]);
    await sleep(1500); // the last payment and shipment events of the watched order
    const shownLive = liveUpdates.received.slice(1);
    assert.ok(shownLive.length >= 3, `the watched order changed after the cursor: ${JSON.stringify(shownLive)}`);

    const resumed = live(a).subscribe(ORDER_UPDATED, { id: watched, after: cursor });
    await resumed.until((received) => received.length >= shownLive.length);
    await sleep(1000); // anything beyond would show up now
    for (const payload of resumed.received) {
      assert.equal(payload.errors, undefined, JSON.stringify(payload));
      assert.equal(orderIdOf(payload), watched);
    }
    assert.deepEqual(eventIds(resumed.received).sort(), eventIds(shownLive).sort(), 'the same events as live, no more');
  });

  test('a backlog several times the queue limit is replayed completely and in order, without a 1013 close', async () => {
    const shopper = await co.shopper();
    const item = await co.stockedProduct('20.00', 5);
    const orderId = await co.placeOrder(shopper, item.variantId, 1);
    await co.waitForStatus(orderId, 'DELIVERED', shopper.headers);
    const first = live(shopper);
    const [current] = await first.subscribe(ORDER_UPDATED, { id: orderId }).until((received) => received.length >= 1);
    await first.dispose();

    // Missed while away: far more updates than a subscriber may have waiting. The last one is
    // a CANCELLED that an admin feed watches for, so the router has read them all before the resume.
    const count = QUEUE_LIMIT * 4;
    const missed = Array.from({ length: count }, (_, i) =>
      newEvent(OrderStatusChanged, {
        aggregateId: orderId,
        data: { orderId, customerId: shopper.id, previous: 'DELIVERED', next: i === count - 1 ? 'CANCELLED' : 'DELIVERED', reason: 'TEST', version: 100 + i, changedAt: new Date().toISOString() },
      }),
    );
    const marker = live(await co.admin()).subscribe('subscription { orderFeed(status: [CANCELLED]) { id } }');
    await sleep(300);
    await publishEvents(stack.producer, TOPICS.orders, missed);
    await marker.until((received) => eventIds(received).includes(missed.at(-1)!.eventId));

    const again = live(shopper);
    const resumed = again.subscribe(ORDER_UPDATED, { id: orderId, after: current!.extensions!.cursor });
    const replayed = await resumed.until((received) => eventIds(received).includes(missed.at(-1)!.eventId));
    const missedIds = missed.map((event) => event.eventId);
    assert.deepEqual(eventIds(replayed).filter((id) => missedIds.includes(id!)), missedIds, 'every missed update, in order, once');
    for (const payload of replayed) assert.equal(payload.errors, undefined, JSON.stringify(payload));
    assert.equal(resumed.error, undefined);
    const closed = await Promise.race([again.closed, sleep(500, 'open')]);
    assert.equal(closed, 'open', 'the connection stays open');
  });

  test('a forged or tampered cursor is refused with BAD_USER_INPUT and reads nothing', async () => {
    const shopper = await co.shopper();
    const item = await co.stockedProduct('20.00', 5);
    const orderId = await co.placeOrder(shopper, item.variantId, 1);
    const connection = live(shopper);
    const [current] = await connection.subscribe(ORDER_UPDATED, { id: orderId }).until((received) => received.length >= 1);
    const genuine = current!.extensions!.cursor as string;

    const forged = [
      // One offset back: would re-show one event.
      tampered(genuine, (body) => void (body.p[TOPICS.orders] = body.p[TOPICS.orders]!.map((offset) => Math.max(0, offset - 1)))),
      // The start of every topic: would make the router re-read the whole log.
      tampered(genuine, (body) => void (body.p = Object.fromEntries(Object.entries(body.p).map(([topic, offsets]) => [topic, offsets.map(() => 0)])))),
      // The same, unsigned.
      tampered(genuine, (body) => void (body.p = {})).split('.')[0]!,
    ];
    for (const cursor of forged) {
      const refused = connection.subscribe(ORDER_UPDATED, { id: orderId, after: cursor });
      await refused.ended();
      assert.deepEqual(errorCodesOf(refused.error), ['BAD_USER_INPUT'], cursor);
      assert.match(JSON.stringify(refused.error), /cursor is not valid/);
      assert.deepEqual(refused.received, []);
    }
    const resumed = connection.subscribe(ORDER_UPDATED, { id: orderId, after: genuine });
    await sleep(500);
    assert.equal(resumed.error, undefined, 'the genuine cursor still resumes');
  });
});
