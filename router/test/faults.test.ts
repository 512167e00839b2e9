// The whole platform under a steady stream of orders while this test run's own PostgreSQL
// restarts, then its Kafka: every service is its own process, supervised as `npm start` runs
// them (scripts/supervise.ts). Afterwards every acknowledged order is settled, no service
// process has exited, no authorization or capture was made twice and nothing was oversold.
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import pg from 'pg';
import { TOPICS } from '@commerce/events';
import { createKafka } from '@commerce/service-kit';
import { infra, liveGroup, testLogger, unique, type GraphQLResponse, type LooseData } from '@commerce/testkit';
import { superviseServices, type Supervisor } from '../../scripts/supervise.ts';
import { ADDRESS, checkout, type Shopper } from './checkout-support.ts';

const execFileAsync = promisify(execFile);
const INFRA = fileURLToPath(new URL('../../infra/infra.sh', import.meta.url));
// Beside `npm start` (4000-4007) and the crash test (4905).
const PORT_OFFSET = 800;
const SHOPPERS = 4;
const PLENTY = 100_000;
// Every fifth order asks for this item too: more orders want it than there are units.
const SCARCE_UNITS = 15;
const DOWN_SECONDS = 5;
const SETTLED = ['CONFIRMED', 'SHIPPED', 'DELIVERED', 'CANCELLED'];

function infraOwnedHere(): boolean {
  const status = spawnSync('bash', [INFRA, 'status'], { encoding: 'utf8' }).stdout;
  return /^postgres\s+up/m.test(status) && /^kafka\s+up/m.test(status);
}

/** Stops one, leaves it down for `seconds` and starts it again, while the stream goes on. */
async function restart(what: 'postgres' | 'kafka', seconds = DOWN_SECONDS): Promise<void> {
  await execFileAsync('bash', [INFRA, 'restart', what, String(seconds)]);
}

interface Placed {
  orderId: string;
  scarce: boolean;
  at: number;
}

const owned = infraOwnedHere();
const ADMIN = { email: `${unique('admin')}@example.com`, password: 'faults-admin-password' };

type Checkout = ReturnType<typeof checkout>;

/**
 * Fills the cart and places the order as a client would: an attempt that fails (the platform
 * recovering from a restart) is tried again, placeOrder with the same idempotency key, so an
 * order placed whose answer was lost is answered, not placed twice. Resolves to the order id
 * once acknowledged, or undefined if 90 s were not enough.
 */
async function placeUntilAcknowledged(co: Checkout, shopper: Shopper, variantIds: string[], refusals: string[]): Promise<string | undefined> {
  const deadline = Date.now() + 90_000;
  const attempt = async (run: () => Promise<GraphQLResponse>): Promise<LooseData | undefined> => {
    while (Date.now() < deadline) {
      const response: GraphQLResponse = await run().catch((err: unknown) => ({ status: 0, errors: [{ message: String(err), extensions: { code: 'FETCH_FAILED' } }] }));
      if (!response.errors?.length && response.data) return response.data;
      refusals.push(response.errors?.[0]?.extensions?.code ?? `HTTP ${response.status}`);
      await sleep(300);
    }
    return undefined;
  };
  for (const variantId of variantIds) {
    const added = await attempt(() => co.call('mutation ($v: ID!) { addToCart(variantId: $v, quantity: 1) { itemCount } }', { v: variantId }, shopper.headers));
    if (!added) return undefined;
  }
  const input = { address: ADDRESS, paymentMethodId: shopper.paymentMethodId, idempotencyKey: unique('fault-') };
  const placed = await attempt(() => co.call('mutation ($i: PlaceOrderInput!) { placeOrder(input: $i) { id } }', { i: input }, shopper.headers));
  return placed?.placeOrder.id as string | undefined;
}

const seconds = (from: number, to: number) => `${((to - from) / 1000).toFixed(1)} s`;

/** When every supervised service answers /ready again (its stores reachable). */
async function allReady(supervisor: Supervisor, since: number): Promise<number> {
  for (const deadline = since + 120_000; Date.now() < deadline; await sleep(100)) {
    const ready = await Promise.all(
      supervisor.services.map((service) =>
        fetch(`http://127.0.0.1:${service.port}/ready`, { signal: AbortSignal.timeout(2000) }).then((r) => r.ok, () => false),
      ),
    );
    if (ready.every(Boolean)) return Date.now();
  }
  throw new Error('the services were not all ready within 120 s of the restart');
}

function summarise(codes: string[]): string {
  const counts = new Map<string, number>();
  for (const code of codes) counts.set(code, (counts.get(code) ?? 0) + 1);
  return [...counts].map(([code, n]) => `${code} ×${n}`).join(', ') || 'none';
}

describe('faults: PostgreSQL and Kafka restart under a steady stream of orders', { skip: owned ? false : 'PostgreSQL and Kafka were not started by this checkout (infra.sh), so it cannot restart them' }, () => {
  let supervisor: Supervisor | undefined;
  const supervisorLog: string[] = [];
  let databases: { orders: pg.Pool; payments: pg.Pool; inventory: pg.Pool };

  before(async () => {
    const kafka = createKafka({ clientId: 'faults-test', brokers: infra.kafkaBrokers, logger: testLogger() });
    // Live groups: the services start at the topics' ends instead of the whole test run's history.
    const group = (topics: string[]) => liveGroup(kafka, topics, 'faults-');
    supervisor = await superviseServices({
      logDir: mkdtempSync(join(tmpdir(), 'faults-logs-')),
      portOffset: PORT_OFFSET,
      postgresUrlBase: infra.postgresUrl('').replace(/\/$/, ''),
      mongoUrlBase: infra.mongoUrl('').replace(/\/$/, ''),
      kafkaBrokers: infra.kafkaBrokers.join(','),
      env: { LOG_LEVEL: 'warn', ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password },
      serviceEnv: {
        inventory: { ORDERS_CONSUMER_GROUP: await group([TOPICS.orders]), CATALOG_CONSUMER_GROUP: await group([TOPICS.catalog]) },
        payments: { ORDERS_CONSUMER_GROUP: await group([TOPICS.orders]) },
        // An index alias of its own, so npm start's search index is never written by this run.
        search: {
          SEARCH_INDEX: 'faults-search',
          CATALOG_CONSUMER_GROUP: await group([TOPICS.catalog]),
          INVENTORY_CONSUMER_GROUP: await group([TOPICS.inventory]),
          REVIEWS_CONSUMER_GROUP: await group([TOPICS.reviews]),
        },
        shipping: { ORDERS_CONSUMER_GROUP: await group([TOPICS.orders]) },
        orders: {
          CATALOG_CONSUMER_GROUP: await group([TOPICS.catalog]),
          SAGA_CONSUMER_GROUP: await group([TOPICS.inventory, TOPICS.payments, TOPICS.shipments]),
          CUSTOMERS_CONSUMER_GROUP: await group([TOPICS.customers]),
        },
      },
      log: (line) => void supervisorLog.push(line),
    });
    const pool = (name: string) => new pg.Pool({ connectionString: infra.postgresUrl(name), max: 2 });
    databases = { orders: pool('orders'), payments: pool('payments'), inventory: pool('inventory') };
    // The test's own connections see the restarts too; their errors are expected.
    for (const database of Object.values(databases)) database.on('error', () => undefined);
  });

  after(async () => {
    await supervisor?.stop();
    await Promise.all(Object.values(databases ?? {}).map((database) => database.end()));
  });

  test('every acknowledged order settles once, and no service exits, while PostgreSQL and then Kafka restart', { timeout: 600_000 }, async () => {
    const services = supervisor!;
    const target = { url: services.url('router'), admin: ADMIN, saga: { urls: { payments: services.url('payments') } } };
    const co = checkout(target);
    const plenty = await co.stockedProduct('12.00', PLENTY);
    const scarce = await co.stockedProduct('30.00', SCARCE_UNITS);
    const shoppers: Shopper[] = [];
    for (let i = 0; i < SHOPPERS; i++) shoppers.push(await co.shopper());
    // Orders hears of both products before the stream starts (catalog.events).
    for (const shopper of shoppers) await co.addToCart(shopper, scarce.variantId, 1);
    for (const shopper of shoppers) await co.ok('mutation { clearCart { itemCount } }', {}, shopper.headers);

    const placed: Placed[] = [];
    const refusals: string[] = [];
    let streaming = true;
    let sequence = 0;
    async function shop(shopper: Shopper) {
      while (streaming) {
        const scarceToo = sequence++ % 5 === 0;
        const orderId = await placeUntilAcknowledged(co, shopper, scarceToo ? [plenty.variantId, scarce.variantId] : [plenty.variantId], refusals);
        if (orderId) placed.push({ orderId, scarce: scarceToo, at: Date.now() });
        await sleep(250);
      }
    }
    const stream = Promise.all(shoppers.map(shop));

    const firstAckAfter = async (since: number) => {
      for (const deadline = Date.now() + 120_000; Date.now() < deadline; await sleep(100)) {
        const next = placed.find((order) => order.at > since);
        if (next) return next.at;
      }
      throw new Error('no order was acknowledged within 120 s of the restart');
    };

    await sleep(6000);
    // What each restart cost: until every service is ready again, and until the next order is acknowledged.
    const recovery: { what: string; ready: string; acknowledged: string }[] = [];
    async function recovered(what: string, since: number) {
      const ready = await allReady(services, since);
      const acknowledged = await firstAckAfter(since);
      recovery.push({ what, ready: seconds(since, ready), acknowledged: seconds(since, acknowledged) });
    }
    await restart('postgres');
    await recovered(`PostgreSQL down ${DOWN_SECONDS} s (Kafka up)`, Date.now());
    await sleep(6000);
    await restart('kafka');
    await recovered(`Kafka down ${DOWN_SECONDS} s (PostgreSQL up)`, Date.now());
    await sleep(6000);
    // PostgreSQL restarts while Kafka is down: the outbox relays hold sessions while they wait on Kafka.
    await Promise.all([restart('kafka', 3 * DOWN_SECONDS), sleep(2000).then(() => restart('postgres'))]);
    await recovered(`Kafka down ${3 * DOWN_SECONDS} s, PostgreSQL down ${DOWN_SECONDS} s within it`, Date.now());
    await sleep(6000);
    streaming = false;
    await stream;
    const streamEnded = Date.now();

    // Every acknowledged order reaches a final state.
    const ids = placed.map((order) => order.orderId);
    let statuses = new Map<string, string>();
    for (const deadline = Date.now() + 240_000; Date.now() < deadline; await sleep(500)) {
      const rows = await databases.orders.query<{ id: string; status: string }>('select id, status from orders where id = any($1)', [ids]);
      statuses = new Map(rows.rows.map((row) => [row.id, row.status]));
      if (ids.every((id) => SETTLED.includes(statuses.get(id) ?? ''))) break;
    }
    const settledAt = Date.now();
    const unsettled = ids.filter((id) => !SETTLED.includes(statuses.get(id) ?? ''));
    const count = (status: string) => ids.filter((id) => statuses.get(id) === status).length;
    const confirmed = ids.filter((id) => ['CONFIRMED', 'SHIPPED', 'DELIVERED'].includes(statuses.get(id) ?? ''));

    const duplicates = await databases.payments.query<{ key: string; n: number }>(
      `select idempotency_key as key, count(*)::int as n from gateway_operations
        where split_part(idempotency_key, ':', 1) = any($1) group by idempotency_key having count(*) > 1`,
      [ids],
    );
    const operations = await databases.payments.query<{ operation: string; n: number }>(
      `select operation, count(*)::int as n from gateway_operations
        where split_part(idempotency_key, ':', 1) = any($1) and status = 'SUCCEEDED' group by operation`,
      [ids],
    );
    const charged = Object.fromEntries(operations.rows.map((row) => [row.operation, row.n]));
    const twice = await databases.payments.query<{ order_id: string }>(
      `select p.order_id from payment_transactions t join payments p on p.id = t.payment_id
        where p.order_id = any($1) and t.status = 'SUCCEEDED' and t.kind in ('AUTHORIZATION', 'CAPTURE')
        group by p.order_id, t.kind having count(*) > 1`,
      [ids],
    );
    const stock = (
      await databases.inventory.query<{ on_hand: number; reserved: number }>(
        'select sum(on_hand)::int as on_hand, sum(reserved)::int as reserved from stock_items where variant_id = $1',
        [scarce.variantId],
      )
    ).rows[0]!;
    const confirmedScarce = placed.filter((order) => order.scarce && confirmed.includes(order.orderId)).length;

    console.log(
      [
        `faults: ${ids.length} orders acknowledged (${refusals.length} attempts refused or failed and retried: ${summarise(refusals)})`,
        `  settled: ${ids.length - unsettled.length} (${confirmed.length} confirmed or further, ${count('CANCELLED')} cancelled), ${unsettled.length} unsettled, ${seconds(streamEnded, settledAt)} after the stream ended`,
        ...recovery.map((step) => `  ${step.what}: every service ready ${step.ready} after it was back, next order acknowledged after ${step.acknowledged}`),
        `  gateway operations succeeded: ${JSON.stringify(charged)}; duplicated keys: ${duplicates.rowCount}; orders authorized or captured twice: ${twice.rowCount}`,
        `  scarce item: ${confirmedScarce} of ${SCARCE_UNITS} units sold, reserved ${stock.reserved} of ${stock.on_hand} on hand`,
        `  service exits: ${services.services.map((service) => `${service.name} ${service.exits.length}`).join(', ')}`,
      ].join('\n'),
    );

    assert.ok(ids.length >= 40, `only ${ids.length} orders were acknowledged`);
    assert.deepEqual(unsettled.map((id) => `${id} ${statuses.get(id)}`), [], 'acknowledged orders never settled');
    assert.deepEqual(
      services.services.filter((service) => service.exits.length > 0).map((service) => `${service.name}: ${JSON.stringify(service.exits)}`),
      [],
      'service processes exited',
    );
    assert.equal(duplicates.rowCount, 0, 'a gateway operation ran twice');
    assert.equal(twice.rowCount, 0, 'an order was authorized or captured twice');
    assert.ok(confirmedScarce <= SCARCE_UNITS, `${confirmedScarce} orders got one of ${SCARCE_UNITS} units`);
    assert.ok(stock.reserved <= stock.on_hand, `reserved ${stock.reserved} of ${stock.on_hand}`);
    assert.ok(confirmed.length > 0 && count('CANCELLED') > 0, 'the stream confirmed some orders and sold the scarce item out');
  });
  test('a service process that dies is started again by the supervisor after a logged backoff', { timeout: 120_000 }, async () => {
    const shipping = supervisor!.services.find((service) => service.name === 'shipping')!;
    const exitsBefore = shipping.exits.length;
    process.kill(shipping.child!.pid!, 'SIGKILL');
    for (const deadline = Date.now() + 90_000; ; await sleep(250)) {
      const back = shipping.exits.length > exitsBefore && shipping.child !== undefined;
      if (back && (await fetch(`http://127.0.0.1:${shipping.port}/ready`).then((r) => r.ok, () => false))) break;
      assert.ok(Date.now() < deadline, 'shipping did not come back within 90 s');
    }
    assert.equal(shipping.exits.at(-1)?.signal, 'SIGKILL');
    assert.ok(
      supervisorLog.some((line) => /shipping exited \(SIGKILL\) after \d+ s; restarting in 1 s/.test(line)),
      supervisorLog.join('\n'),
    );
  });
});
