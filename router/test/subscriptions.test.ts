import assert from 'node:assert/strict';
import { appendFile } from 'node:fs/promises';
import { after, before, describe, test } from 'node:test';
import type { FormattedExecutionResult } from 'graphql';
import { decodeJwt } from 'jose';
import { OrderStatusChanged, TOPICS, newEvent, publishEvents } from '@commerce/events';
import { ACCESS_TOKEN_TTL_SECONDS, signAccessToken } from '../../subgraphs/customers/src/auth/tokens.ts';
import { SLOW_CONSUMER_CLOSE_CODE } from '../src/subscriptions/server.ts';
import { checkout, type Shopper } from './checkout-support.ts';
import { connect, errorCodesOf, type LiveConnection } from './live.ts';
import { startStack, type Stack } from './stack.ts';

const SAGA = ['PENDING', 'AWAITING_PAYMENT', 'CONFIRMED', 'SHIPPED', 'DELIVERED'];

const ORDER_VIEW = `id status version
  customer { firstName email }
  payment { status method { brand last4 } }
  shipments { trackingNumber status }
  lines { name variant { stock { available } } }`;

type Order = { id: string; status: string; version: number; customer: { email: string }; payment: { status: string; method: { last4: string } } | null; shipments: { trackingNumber: string; status: string }[] };
const orderOf = (payload: FormattedExecutionResult, key: string) => (payload.data as Record<string, Order> | undefined)?.[key];
/** The statuses a client saw, each once (payment and shipment updates repeat the status). */
const statusesOf = (payloads: FormattedExecutionResult[], key: string) =>
  payloads.map((p) => orderOf(p, key)?.status).filter((status, i, all) => status !== undefined && status !== all[i - 1]);
const eventIds = (payloads: FormattedExecutionResult[]) => payloads.map((p) => (p.extensions?.event as { id: string } | null)?.id).filter(Boolean);

describe('live order tracking: Kafka-fed subscriptions through the router', () => {
  let stack: Stack;
  let co: ReturnType<typeof checkout>;
  const connections: LiveConnection[] = [];
  const live = (token: string | undefined, params?: Record<string, unknown>) => {
    const connection = connect(stack.url, params ?? (token ? { authorization: token } : undefined));
    connections.push(connection);
    return connection;
  };
  const tokenOf = (shopper: Shopper) => shopper.headers.authorization!;
  /** The shopper as a token subject, in their own (open) sign-in session. */
  const subjectOf = (shopper: Shopper) => ({
    id: shopper.id,
    roles: ['CUSTOMER' as const],
    sessionId: decodeJwt(tokenOf(shopper).slice('Bearer '.length)).sid as string,
  });

  before(async () => {
    stack = await startStack({ saga: { carrierStepMs: 400 }, subscriptionQueueLimit: 16 });
    co = checkout(stack);
  });
  after(async () => {
    await Promise.all(connections.map((c) => c.dispose().catch(() => undefined)));
    await co.retireWarehouse();
    await stack.close();
  });

  test('connections without a valid token are refused with 4403', async () => {
    const shopper = await co.shopper();
    const anonymous = live(undefined);
    assert.deepEqual(await anonymous.closed, { code: 4403, reason: 'Forbidden: send connection_init with {"authorization": "Bearer <access token>"}' });
    const forged = live(`${tokenOf(shopper)}x`);
    assert.equal((await forged.closed).code, 4403);
    const expired = await signAccessToken(stack.keys, stack.tokenSettings, subjectOf(shopper), new Date(Date.now() - 3_600_000));
    assert.match((await live(`Bearer ${expired.token}`).closed).reason, /invalid or expired/);
  });

  test('a token that expires mid-subscription ends the connection with 4403', async () => {
    const shopper = await co.shopper();
    // Issued so that it expires two seconds from now.
    const token = await signAccessToken(stack.keys, stack.tokenSettings, subjectOf(shopper), new Date(Date.now() - (ACCESS_TOKEN_TTL_SECONDS - 2) * 1000));
    const connection = live(`Bearer ${token.token}`);
    await connection.opened;
    connection.subscribe('subscription { myOrderUpdates { id } }');
    assert.deepEqual(await connection.closed, { code: 4403, reason: 'Forbidden: the access token expired; reconnect with a fresh one' });
  });

  test('a shopper sees their order go PENDING → DELIVERED, each payload composed from every subgraph', async () => {
    const shopper = await co.shopper();
    const item = await co.stockedProduct('20.00', 5);
    const connection = live(tokenOf(shopper));
    const mine = connection.subscribe(`subscription { myOrderUpdates { ${ORDER_VIEW} } }`);
    await connection.opened;
    const orderId = await co.placeOrder(shopper, item.variantId, 1);
    const payloads = await mine.until((received) => received.some((p) => orderOf(p, 'myOrderUpdates')?.status === 'DELIVERED'), 60_000);

    assert.deepEqual(payloads.map((p) => orderOf(p, 'myOrderUpdates')?.status), SAGA, 'each status once, in order');
    assert.deepEqual(payloads.map((p) => orderOf(p, 'myOrderUpdates')?.version), [1, 2, 3, 4, 5]);
    for (const payload of payloads) {
      assert.equal(payload.errors, undefined, JSON.stringify(payload.errors));
      const order = orderOf(payload, 'myOrderUpdates')!;
      assert.equal(order.id, orderId);
      assert.match(order.customer.email, /@example\.com$/);
      assert.equal(typeof payload.extensions?.cursor, 'string');
      assert.equal((payload.extensions?.event as { type: string }).type, 'OrderStatusChanged');
    }
    const delivered = orderOf(payloads.at(-1)!, 'myOrderUpdates')!;
    assert.deepEqual(delivered.payment, { status: 'CAPTURED', method: { brand: 'VISA', last4: '4242' } } as unknown as Order['payment']);
    assert.equal(delivered.shipments[0]?.status, 'DELIVERED');
    assert.match(delivered.shipments[0]!.trackingNumber, /\S/);
  });

  test('orderUpdated pushes the current order first, then its status, payment and shipment changes; strangers are refused', async () => {
    const shopper = await co.shopper();
    const stranger = await co.shopper();
    const item = await co.stockedProduct('20.00', 5);
    const orderId = await co.placeOrder(shopper, item.variantId, 1);

    // The shopper subscribes first: the saga runs on meanwhile, and a push it has passed is not replayed.
    const updates = live(tokenOf(shopper)).subscribe(`subscription ($id: ID!) { orderUpdated(orderId: $id) { ${ORDER_VIEW} } }`, { id: orderId });
    const theirs = live(tokenOf(stranger)).subscribe('subscription ($id: ID!) { orderUpdated(orderId: $id) { id status } }', { id: orderId });
    await theirs.ended();
    assert.deepEqual(errorCodesOf(theirs.error), ['FORBIDDEN']);

    const payloads = await updates.until((received) => received.some((p) => orderOf(p, 'orderUpdated')?.status === 'DELIVERED'), 60_000);
    assert.equal(payloads[0]!.extensions?.event, null, 'the first payload is the order as it was on subscribing');
    const statuses = statusesOf(payloads, 'orderUpdated');
    assert.deepEqual(statuses, SAGA.slice(SAGA.indexOf(statuses[0]!)));
    const types = new Set(payloads.map((p) => (p.extensions?.event as { type: string } | null)?.type));
    for (const type of ['OrderStatusChanged', 'PaymentCaptured', 'ShipmentCreated', 'ShipmentStatusChanged']) assert.ok(types.has(type), `a ${type} push`);
    assert.equal(new Set(eventIds(payloads)).size, eventIds(payloads).length, 'no event pushed twice');
  });

  test('a client that disconnects mid-saga and resumes with its cursor gets every state it missed, once, in order', async () => {
    const shopper = await co.shopper();
    const item = await co.stockedProduct('20.00', 5);
    const orderId = await co.placeOrder(shopper, item.variantId, 1);
    const query = `subscription ($id: ID!, $after: String) { orderUpdated(orderId: $id, after: $after) { id status version payment { status } } }`;

    const first = live(tokenOf(shopper));
    // What the client had when it dropped: anything arriving while it disconnects never reached it.
    const before = (await first.subscribe(query, { id: orderId }).until((received) => received.length >= 1)).slice();
    await first.dispose();
    const cursor = before.at(-1)!.extensions!.cursor as string;
    await co.waitForStatus(orderId, 'DELIVERED', shopper.headers);

    const resumed = live(tokenOf(shopper)).subscribe(query, { id: orderId, after: cursor });
    const missed = await resumed.until((received) => received.some((p) => orderOf(p, 'orderUpdated')?.status === 'DELIVERED'));
    const all = [...before, ...missed];
    for (const payload of all) assert.equal(payload.errors, undefined, JSON.stringify(payload));
    const statuses = statusesOf(all, 'orderUpdated');
    const trace = all.map((p) => [orderOf(p, 'orderUpdated')?.status, orderOf(p, 'orderUpdated')?.version, (p.extensions?.event as { type: string } | null)?.type, p === missed[0] ? 'RESUMED' : '']);
    assert.deepEqual(statuses, SAGA.slice(SAGA.indexOf(statuses[0]!)), `in order, none missing: ${JSON.stringify(trace)}`);
    assert.ok(statuses.length >= 2);
    const versions = all.map((p) => orderOf(p, 'orderUpdated')!.version);
    assert.deepEqual(versions, [...versions].sort((a, b) => a - b), 'versions never go back');
    assert.equal(new Set(eventIds(all)).size, eventIds(all).length, 'nothing delivered twice');
  });

  test('every router replica sees every event, and a cursor from one resumes on another', async () => {
    const replica = await stack.startRouter();
    const shopper = await co.shopper();
    const item = await co.stockedProduct('20.00', 5);
    const query = 'subscription ($after: String) { myOrderUpdates(after: $after) { id status } }';
    const onFirst = live(tokenOf(shopper)).subscribe(query);
    const onReplicaConnection = connect(replica.url, { authorization: tokenOf(shopper) });
    connections.push(onReplicaConnection);
    const onReplica = onReplicaConnection.subscribe(query);
    await onReplicaConnection.opened;
    await new Promise((resolve) => setTimeout(resolve, 300));

    const orderId = await co.placeOrder(shopper, item.variantId, 1);
    const delivered = (received: FormattedExecutionResult[]) => received.some((p) => orderOf(p, 'myOrderUpdates')?.status === 'DELIVERED');
    const [fromFirst, fromReplica] = await Promise.all([onFirst.until(delivered, 60_000), onReplica.until(delivered, 60_000)]);
    assert.deepEqual(fromFirst.map((p) => orderOf(p, 'myOrderUpdates')?.status), SAGA);
    assert.ok(fromFirst.every((p) => orderOf(p, 'myOrderUpdates')?.id === orderId));
    assert.deepEqual(fromReplica.map((p) => orderOf(p, 'myOrderUpdates')?.status), SAGA);
    assert.deepEqual(eventIds(fromReplica), eventIds(fromFirst), 'the same events');

    // Cursors are Kafka positions, the same on every replica: resume the first router's stream on the other.
    const afterPending = fromFirst[0]!.extensions!.cursor as string;
    const resumed = connect(replica.url, { authorization: tokenOf(shopper) });
    connections.push(resumed);
    const rest = await resumed.subscribe(query, { after: afterPending }).until((received) => delivered(received));
    assert.deepEqual(eventIds(rest), eventIds(fromFirst).slice(1));
  });

  test('shipmentUpdated follows the shipment of an order from its creation to delivery', async () => {
    const shopper = await co.shopper();
    const item = await co.stockedProduct('20.00', 5);
    const orderId = await co.placeOrder(shopper, item.variantId, 1);
    const shipments = live(tokenOf(shopper)).subscribe(
      'subscription ($id: ID!) { shipmentUpdated(orderId: $id) { id trackingNumber status order { id customer { email } } } }',
      { id: orderId },
    );
    type Shipment = { id: string; trackingNumber: string; status: string; order: { id: string; customer: { email: string } } };
    const shipmentOf = (p: FormattedExecutionResult) => (p.data as { shipmentUpdated: Shipment } | undefined)?.shipmentUpdated;
    const payloads = await shipments.until((received) => received.some((p) => shipmentOf(p)?.status === 'DELIVERED'), 60_000);
    for (const payload of payloads) {
      assert.equal(payload.errors, undefined, JSON.stringify(payload.errors));
      assert.equal(shipmentOf(payload)!.order.id, orderId);
      assert.match(shipmentOf(payload)!.order.customer.email, /@example\.com$/);
    }
    assert.equal(new Set(payloads.map((p) => shipmentOf(p)!.id)).size, 1, 'one shipment');
    assert.ok(payloads.some((p) => (p.extensions?.event as { type: string } | null)?.type === 'ShipmentCreated' || p.extensions?.event === null));

    const stranger = await co.shopper();
    const refused = live(tokenOf(stranger)).subscribe('subscription ($id: ID!) { shipmentUpdated(orderId: $id) { id } }', { id: orderId });
    await refused.ended();
    assert.deepEqual(errorCodesOf(refused.error), ['FORBIDDEN']);
  });

  test('over HTTP a subscription is refused with a pointer to the socket', async () => {
    const shopper = await co.shopper();
    const response = await co.call('subscription { myOrderUpdates { id } }', {}, shopper.headers);
    assert.deepEqual(response.errors?.map((e) => e.extensions?.code), ['BAD_REQUEST']);
    assert.match(response.errors![0]!.message, /WebSocket/);
  });

  test('an admin feed sees every order; customers may not open it', async () => {
    const [a, b] = [await co.shopper(), await co.shopper()];
    const item = await co.stockedProduct('20.00', 5);
    const adminToken = (await co.admin()).authorization!;
    const feed = live(adminToken).subscribe('subscription { orderFeed { id status customer { id } } }');
    const confirmed = live(adminToken).subscribe('subscription { orderFeed(status: [CONFIRMED]) { id status } }');
    const refused = live(tokenOf(a)).subscribe('subscription { orderFeed { id } }');
    await refused.ended();
    assert.deepEqual(errorCodesOf(refused.error), ['FORBIDDEN']);
    await new Promise((resolve) => setTimeout(resolve, 300));

    const ids = [await co.placeOrder(a, item.variantId, 1), await co.placeOrder(b, item.variantId, 1)];
    const seen = await feed.until((received) => ids.every((id) => received.some((p) => orderOf(p, 'orderFeed')?.id === id && orderOf(p, 'orderFeed')?.status === 'CONFIRMED')));
    assert.deepEqual(new Set(seen.map((p) => orderOf(p, 'orderFeed')!.id).filter((id) => ids.includes(id))), new Set(ids));
    const onlyConfirmed = await confirmed.until((received) => ids.every((id) => received.some((p) => orderOf(p, 'orderFeed')?.id === id)));
    assert.deepEqual([...new Set(onlyConfirmed.map((p) => orderOf(p, 'orderFeed')!.status))], ['CONFIRMED']);
  });

  test('bad input gets a clear error and the connection stays healthy', async () => {
    const shopper = await co.shopper();
    const item = await co.stockedProduct('20.00', 5);
    const orderId = await co.placeOrder(shopper, item.variantId, 1);
    const connection = live(tokenOf(shopper));
    const cases: [string, Record<string, unknown>, string][] = [
      ['subscription ($id: ID!) { orderUpdated(orderId: $id) { id } }', { id: 'ord_01ARZ3NDEKTSV4RRFFQ69G5FAV' }, 'NOT_FOUND'],
      ['subscription ($id: ID!) { orderUpdated(orderId: $id) { id } }', { id: 'not an id' }, 'NOT_FOUND'],
      ['subscription ($id: ID!) { orderUpdated(orderId: $id, after: "garbage!") { id } }', { id: orderId }, 'BAD_USER_INPUT'],
      ['subscription ($id: ID!) { orderUpdated(orderId: $id, after: "eyJwIjp7fX0x") { id } }', { id: orderId }, 'BAD_USER_INPUT'],
      ['subscription ($id: ID!) { orderUpdated(orderId: $id) { id noSuchField } }', { id: orderId }, 'GRAPHQL_VALIDATION_FAILED'],
      ['subscription { orderUpdated { id } }', {}, 'GRAPHQL_VALIDATION_FAILED'],
      ['subscription { myOrderUpdates { id } myOrderUpdates2: myOrderUpdates { id } }', {}, 'GRAPHQL_VALIDATION_FAILED'],
      ['subscription ($id: ID!) { orderUpdated(orderId: $id) { id } }', { id: 42.5 }, 'BAD_USER_INPUT'],
      ['subscription { orderUpdated(orderId: "x") { id ', {}, 'GRAPHQL_PARSE_FAILED'],
    ];
    for (const [query, variables, code] of cases) {
      const subscription = connection.subscribe(query, variables);
      await subscription.ended();
      assert.deepEqual(errorCodesOf(subscription.error), [code], `${query} ${JSON.stringify(variables)}: ${JSON.stringify(subscription.error)}`);
    }
    // A cursor resumes only the subscription that sent it.
    const otherOrder = await co.placeOrder(shopper, item.variantId, 1);
    const [first] = await connection.subscribe('subscription ($id: ID!) { orderUpdated(orderId: $id) { id } }', { id: otherOrder }).until((r) => r.length >= 1);
    const misused = connection.subscribe('subscription ($id: ID!, $after: String) { orderUpdated(orderId: $id, after: $after) { id } }', {
      id: orderId,
      after: first!.extensions!.cursor,
    });
    await misused.ended();
    assert.deepEqual(errorCodesOf(misused.error), ['BAD_USER_INPUT']);
    assert.match(JSON.stringify(misused.error), /another subscription/);

    // Same socket: a query and a valid subscription still work.
    const query = connection.subscribe('query ($id: ID!) { order(id: $id) { id status } }', { id: orderId });
    const [answer] = await query.until((received) => received.length === 1);
    assert.equal(orderOf(answer!, 'order')?.id, orderId);
    const good = connection.subscribe('subscription ($id: ID!) { orderUpdated(orderId: $id) { id } }', { id: orderId });
    await good.until((received) => received.length >= 1);
  });

  test('a subscriber that falls behind is dropped with a clear reason; others carry on', async () => {
    const shopper = await co.shopper();
    const other = await co.shopper();
    const item = await co.stockedProduct('20.00', 50);
    const orderId = await co.placeOrder(shopper, item.variantId, 1);
    await co.waitForStatus(orderId, 'DELIVERED', shopper.headers);

    const slow = live(tokenOf(shopper));
    const slowUpdates = slow.subscribe('subscription ($id: ID!) { orderUpdated(orderId: $id) { id status } }', { id: orderId });
    await slowUpdates.until((received) => received.length === 1);
    const steady = live(tokenOf(other));
    const steadyUpdates = steady.subscribe('subscription { myOrderUpdates { id status } }');
    await steady.opened;

    // A burst far beyond the queue limit (16) for the slow one's order, all at once.
    const burst = Array.from({ length: 60 }, (_, i) =>
      newEvent(OrderStatusChanged, {
        aggregateId: orderId,
        data: { orderId, customerId: shopper.id, previous: 'DELIVERED', next: 'DELIVERED', reason: 'TEST', version: 100 + i, changedAt: new Date().toISOString() },
      }),
    );
    await publishEvents(stack.producer, TOPICS.orders, burst);
    const closed = await slow.closed;
    assert.equal(closed.code, SLOW_CONSUMER_CLOSE_CODE);
    assert.match(closed.reason, /Slow consumer/);

    const otherOrder = await co.placeOrder(other, item.variantId, 1);
    await steadyUpdates.until((received) => received.some((p) => orderOf(p, 'myOrderUpdates')?.id === otherOrder));
    const metrics = await (await fetch(stack.url.replace('/graphql', '/metrics'))).text();
    assert.match(metrics, /router_subscriptions_dropped_total\{reason="slow_consumer"\} [1-9]/);
    assert.match(metrics, /router_subscriptions_active\{field="myOrderUpdates"\} [1-9]/);
    assert.match(metrics, /router_subscription_payloads_pushed_total\{field="orderUpdated"\} [1-9]/);
    assert.match(metrics, /router_subscription_push_lag_seconds_count\{field="myOrderUpdates"\} [1-9]/);
    assert.match(metrics, /router_subscription_events_consumed_total\{topic="orders.events"\} [1-9]/);
  });

  // Last: it ends every open subscription.
  test('a supergraph reload ends subscriptions with SUPERGRAPH_RELOADED so clients resubscribe', async () => {
    const shopper = await co.shopper();
    const connection = live(tokenOf(shopper));
    const mine = connection.subscribe('subscription { myOrderUpdates { id } }');
    await connection.opened;
    await new Promise((resolve) => setTimeout(resolve, 200));
    await appendFile(stack.supergraphPath, '\n# reloaded\n');
    await mine.until((received) => received.length === 1, 15_000);
    assert.equal(mine.received[0]!.errors?.[0]?.extensions?.code, 'SUPERGRAPH_RELOADED');
    await mine.ended();
    assert.equal(mine.completed, true);
    const again = connection.subscribe('subscription { myOrderUpdates { id } }');
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(again.error, undefined, 'the same connection subscribes again');
  });
});
