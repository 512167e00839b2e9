import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { TOPICS } from '@commerce/events';
import { collectEvents, liveGroup } from '@commerce/testkit';
import { checkout } from './checkout-support.ts';
import { startStack, type Stack } from './stack.ts';

const ORDERS_PORT = 4905;
const ordersDir = fileURLToPath(new URL('../../subgraphs/orders/', import.meta.url));
const tsx = fileURLToPath(new URL('../../node_modules/.bin/tsx', import.meta.url));

describe('crash between commit and publish', () => {
  let stack: Stack;
  let orders: ChildProcess | undefined;
  let env: Record<string, string>;

  /** The orders service as its own process, so the test can kill it without warning. */
  async function startOrders(relay: boolean): Promise<ChildProcess> {
    // Its own process group: tsx runs the service in a child process, and the kill must reach both.
    const child = spawn(tsx, ['src/index.ts'], {
      cwd: ordersDir,
      env: { ...process.env, ...env, OUTBOX_RELAY: String(relay) },
      stdio: ['ignore', 'ignore', 'inherit'],
      detached: true,
    });
    for (const deadline = Date.now() + 60_000; Date.now() < deadline; await sleep(200)) {
      if (child.exitCode !== null) throw new Error(`orders exited with ${child.exitCode}`);
      const ready = await fetch(`http://127.0.0.1:${ORDERS_PORT}/health`).then((r) => r.ok, () => false);
      if (ready) return child;
    }
    kill(child);
    throw new Error('orders did not start');
  }

  function kill(child: ChildProcess) {
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      // already gone
    }
  }

  before(async () => {
    stack = await startStack({ saga: { ordersUrl: `http://127.0.0.1:${ORDERS_PORT}/graphql` } });
    env = {
      PORT: String(ORDERS_PORT),
      LOG_LEVEL: 'warn',
      AUTH_JWKS_URL: stack.customersUrl.replace('/graphql', '/.well-known/jwks.json'),
      AUTH_SESSIONS_URL: stack.customersUrl.replace('/graphql', '/sessions'),
      CATALOG_CONSUMER_GROUP: await liveGroup(stack.kafka, [TOPICS.catalog], 'crash-orders-'),
      SAGA_CONSUMER_GROUP: await liveGroup(stack.kafka, [TOPICS.inventory, TOPICS.payments, TOPICS.shipments], 'crash-orders-'),
      CUSTOMERS_CONSUMER_GROUP: await liveGroup(stack.kafka, [TOPICS.customers], 'crash-orders-'),
    };
  });

  after(async () => {
    if (orders) kill(orders);
    await stack.close();
  });

  test('orders killed after committing an order but before publishing it completes the saga once restarted', async () => {
    const co = checkout(stack);
    const collector = await collectEvents(stack.kafka, [TOPICS.orders]);
    try {
      orders = await startOrders(false);
      const shopper = await co.shopper();
      const item = await co.stockedProduct('10.00', 2);
      const orderId = await co.placeOrder(shopper, item.variantId, 1);

      // Committed with its event, which nobody has published.
      const rows = await stack.saga!.dataSources.orders.query(
        "select published_at from outbox where message_key = $1 and envelope->>'eventType' = 'OrderPlaced'",
        [orderId],
      );
      assert.equal(rows.length, 1);
      assert.equal(rows[0].published_at, null);
      await sleep(1000);
      assert.deepEqual(collector.of(orderId), []);

      const exited = new Promise((resolve) => orders!.once('exit', resolve));
      kill(orders);
      await exited;
      for (let i = 0; i < 50 && (await fetch(`http://127.0.0.1:${ORDERS_PORT}/health`).then(() => true, () => false)); i++) await sleep(100);
      orders = await startOrders(true);

      await co.waitForStatus(orderId, 'CONFIRMED', shopper.headers);
      const placed = collector.of(orderId).filter((e) => e.eventType === 'OrderPlaced');
      assert.equal(placed.length, 1, 'published once after the restart');
      await co.eventually(() => co.stock(item), (s) => s.reserved === 1, 'stock reserved once');
    } finally {
      await collector.stop();
      await co.retireWarehouse();
    }
  });
});
