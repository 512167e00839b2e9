// The router on every core: one process forking workers that share its port (ROUTER_WORKERS).
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { freePort } from '@commerce/testkit';
import { checkout } from './checkout-support.ts';
import { connect, type LiveConnection } from './live.ts';
import { startStack, type Stack } from './stack.ts';

const routerDir = fileURLToPath(new URL('..', import.meta.url));
const MY_ORDERS = 'subscription ($after: String) { myOrderUpdates(after: $after) { id status } }';

/** Pids whose parent is `pid`. */
const childrenOf = (pid: number) =>
  readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((entry) => {
      try {
        const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
        return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid;
      } catch {
        return false;
      }
    })
    .map(Number);

describe('the router with two workers behind one port', () => {
  let stack: Stack;
  let co: ReturnType<typeof checkout>;
  let router: ChildProcess;
  let url: string;
  const connections: LiveConnection[] = [];

  before(async () => {
    stack = await startStack({ saga: { carrierStepMs: 200 } });
    co = checkout(stack);
    const port = await freePort();
    router = spawn(process.execPath, ['--import', 'tsx', 'src/index.ts'], {
      cwd: routerDir,
      env: { ...process.env, ...stack.routerEnv, PORT: String(port), ROUTER_WORKERS: '2', NODE_ENV: 'test', LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    url = `http://127.0.0.1:${port}/graphql`;
    // Ready once both workers answer /ready (the subscription feed reads Kafka in each).
    let ready = 0;
    for (const deadline = Date.now() + 90_000; ready < 6 && Date.now() < deadline; await sleep(200)) {
      const ok = await fetch(`http://127.0.0.1:${port}/ready`).then((r) => r.ok, () => false);
      ready = ok ? ready + 1 : 0;
    }
    assert.equal(ready, 6, 'the router answered /ready');
  });
  after(async () => {
    await Promise.all(connections.map((c) => c.dispose().catch(() => undefined)));
    if (router.exitCode === null) {
      const exited = new Promise((resolve) => router.once('exit', resolve));
      router.kill('SIGTERM');
      await exited;
    }
    await co.retireWarehouse();
    await stack.close();
  });

  test('every worker sees every event: subscribers on both workers follow an order, and a cursor from one resumes on the other', async () => {
    assert.equal(childrenOf(router.pid!).length, 2, 'two workers');
    const shopper = await co.shopper();
    const item = await co.stockedProduct('10.00', 5);
    const live = () => {
      const connection = connect(url, { authorization: shopper.headers.authorization });
      connections.push(connection);
      return connection;
    };
    // Connections are handed out round-robin: four of them land on both workers.
    const watchers = [live(), live(), live(), live()].map((c) => c.subscribe(MY_ORDERS));
    await Promise.all(connections.map((c) => c.opened));
    const orderId = await co.placeOrder(shopper, item.variantId, 1);
    const reached = (status: string) => (received: { data?: unknown }[]) =>
      received.some((r) => (r.data as { myOrderUpdates?: { id: string; status: string } } | undefined)?.myOrderUpdates?.status === status);
    const seen = await Promise.all(watchers.map((w) => w.until(reached('DELIVERED'))));
    // Each status once and in order, the same on every connection whichever worker served it.
    const sequences = seen.map((received) => {
      const updates = received.map((r) => (r.data as { myOrderUpdates: { id: string; status: string } }).myOrderUpdates);
      assert.ok(updates.every((o) => o.id === orderId));
      return updates.map((o) => o.status).filter((s, i, all) => s !== all[i - 1]);
    });
    assert.equal(sequences[0]![0], 'PENDING');
    assert.ok(sequences[0]!.includes('CONFIRMED'));
    for (const sequence of sequences) assert.deepEqual(sequence, sequences[0]);

    // The first payload's cursor, signed by whichever worker served it, resumes on both.
    const cursor = seen[0]![0]!.extensions!.cursor as string;
    const resumed = await Promise.all([live(), live(), live(), live()].map((c) => c.subscribe(MY_ORDERS, { after: cursor }).until(reached('DELIVERED'))));
    for (const received of resumed) {
      assert.equal(received.some((r) => r.errors), false, JSON.stringify(received));
      assert.ok(received.length >= 2, 'what followed the cursor arrives');
    }
  });

  test('SIGTERM stops both workers, then the router', async () => {
    const workers = childrenOf(router.pid!);
    const exited = new Promise<number | null>((resolve) => router.once('exit', (code) => resolve(code)));
    router.kill('SIGTERM');
    assert.equal(await exited, 0);
    await sleep(200);
    for (const pid of workers) assert.equal(childrenOf(1).includes(pid) || readdirSync('/proc').includes(String(pid)), false, `worker ${pid} stopped`);
  });
});
