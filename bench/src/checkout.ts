// Checkout throughput: orders placed through the router at increasing rates, each timed from
// the placeOrder request to its OrderConfirmed event (the saga's commit point), with every
// service a separate process on this machine. Checks for oversells and duplicate charges.
//   npm run bench -- checkout        (BENCH_RATES=10,25,50 BENCH_STEP_SECONDS=20 BENCH_WARM_UP_SECONDS=15 to change)
import { setTimeout as sleep } from 'node:timers/promises';
import type { Consumer } from 'kafkajs';
import pg from 'pg';
import { TOPICS, parseEnvelope } from '@commerce/events';
import { cpuSnapshot, cpuSpent } from './cpu.ts';
import { createShopper, createWarehouse, kafka, liveGroup, loginAdmin, placeOrder, retireWarehouse, startCommerceStack, stockedProduct, whenOrderable, type Shopper } from './harness.ts';

const RATES = (process.env.BENCH_RATES ?? '10,25,50,75').split(',').map(Number);
const STEP_SECONDS = Number(process.env.BENCH_STEP_SECONDS ?? 20);
const SHOPPERS = Number(process.env.BENCH_SHOPPERS ?? 60);
const SCARCE_UNITS = 25;
const WARM_UP_SECONDS = Number(process.env.BENCH_WARM_UP_SECONDS ?? 15);
const WARM_UP_RATE = 40;

const stack = await startCommerceStack();
const confirmedAt = new Map<string, number>();
const cancelled = new Set<string>();
let watcher: Consumer | undefined;
try {
  watcher = kafka.consumer({ groupId: await liveGroup([TOPICS.orders]) });
  await watcher.connect();
  await watcher.subscribe({ topic: TOPICS.orders });
  await watcher.run({
    eachMessage: async ({ message }) => {
      const event = parseEnvelope(message.value);
      if (event.eventType === 'OrderConfirmed') confirmedAt.set(event.aggregateId, Date.parse(event.occurredAt));
      if (event.eventType === 'OrderCancelled') cancelled.add(event.aggregateId);
    },
  });

  const admin = await loginAdmin(stack);
  const stamp = Date.now();
  const warehouse = await createWarehouse(stack, admin);
  const plenty = await stockedProduct(stack, admin, warehouse, 1_000_000);
  const scarce = await stockedProduct(stack, admin, warehouse, SCARCE_UNITS);
  const shoppers: Shopper[] = [];
  for (let i = 0; i < SHOPPERS; i++) shoppers.push(await createShopper(stack, `${stamp}-${i}`));
  await whenOrderable(stack, shoppers[0]!, [plenty.variantId, scarce.variantId]);

  const placedAt = new Map<string, number>();
  const scarceOrders = new Set<string>();
  const busy = new Set<number>();
  let sequence = 0;
  let failures = 0;
  async function placeOne(shopperIndex: number, variantId: string) {
    const shopper = shoppers[shopperIndex]!;
    busy.add(shopperIndex);
    const started = Date.now();
    try {
      const orderId = await placeOrder(stack, shopper, variantId, `bench-${stamp}-${sequence++}`);
      placedAt.set(orderId, started);
      if (variantId === scarce.variantId) scarceOrders.add(orderId);
    } catch {
      failures += 1;
    } finally {
      busy.delete(shopperIndex);
    }
  }

  /**
   * Places orders at `rate` a second for `seconds` from `start`, then waits (up to 30 s) for
   * the saga to settle them; resolves to their ids. With `scarceToo`, every 10th order is for
   * the scarce item, so that competing orders show whether anything oversells.
   */
  async function placeAt(rate: number, seconds: number, start: number, scarceToo: boolean): Promise<Set<string>> {
    const before = new Set(placedAt.keys());
    const pending: Promise<void>[] = [];
    for (let i = 0; i < rate * seconds; i++) {
      const wait = start + (i * 1000) / rate - Date.now();
      if (wait > 0) await sleep(wait);
      const free = shoppers.findIndex((_, index) => !busy.has(index));
      if (free < 0) {
        failures += 1; // every shopper busy: the system is not keeping up with this rate
        continue;
      }
      pending.push(placeOne(free, scarceToo && i % 10 === 0 ? scarce.variantId : plenty.variantId));
    }
    await Promise.all(pending);
    const placed = new Set([...placedAt.keys()].filter((id) => !before.has(id)));
    for (const deadline = Date.now() + 30_000; Date.now() < deadline; await sleep(250)) {
      if ([...placed].every((id) => confirmedAt.has(id) || cancelled.has(id))) break;
    }
    return placed;
  }

  // Warm-up, not reported: the first busy seconds of a fresh stack pay for JIT compilation,
  // cold caches and growing connection pools, which would count against the first rate.
  await placeAt(WARM_UP_RATE, WARM_UP_SECONDS, Date.now(), false);

  // The baseline: what the stack burns with no orders at all (pollers, heartbeats, fetches).
  const idleBefore = cpuSnapshot(stack.pids);
  await sleep(10_000);
  const idle = cpuSpent(idleBefore, cpuSnapshot(stack.pids));
  console.log('idle CPU-ms per second, by process:');
  console.table([{ ...Object.fromEntries(Object.entries(idle).map(([name, ms]) => [name, Math.round(ms / 10)])), total: Math.round(Object.values(idle).reduce((a, b) => a + b, 0) / 10) }]);

  const results = [];
  const cpuPerOrder: Record<string, number | string>[] = [];
  const kafkaAdmin = kafka.admin();
  await kafkaAdmin.connect();
  const topicEnds = async () =>
    Object.fromEntries(
      await Promise.all(
        Object.values(TOPICS).map(async (topic) => [topic, (await kafkaAdmin.fetchTopicOffsets(topic)).reduce((sum, p) => sum + Number(p.high), 0)] as const),
      ),
    );
  const messagesPerOrder: Record<string, number | string>[] = [];
  // Commits and statements per service database (pg_stat_database / pg_stat_statements-free).
  const stats = new pg.Client({ connectionString: 'postgres://commerce:commerce@127.0.0.1:5432/postgres' });
  await stats.connect();
  const commits = async () =>
    Object.fromEntries(
      (await stats.query<{ datname: string; n: string }>("select datname, xact_commit + xact_rollback as n from pg_stat_database where datname in ('customers','inventory','orders','payments','shipping','router')")).rows.map(
        (row) => [row.datname, Number(row.n)],
      ),
    );
  const transactionsPerOrder: Record<string, number | string>[] = [];
  for (const rate of RATES) {
    const endsBefore = await topicEnds();
    const commitsBefore = await commits();
    const cpuBefore = cpuSnapshot(stack.pids);
    const stepStart = Date.now();
    const inStep = await placeAt(rate, STEP_SECONDS, stepStart, true);
    const latencies = [...inStep].filter((id) => confirmedAt.has(id)).map((id) => confirmedAt.get(id)! - placedAt.get(id)!).sort((a, b) => a - b);
    // CPU spent by each process over the step and its drain, per confirmed order.
    const cpu = cpuSpent(cpuBefore, cpuSnapshot(stack.pids));
    const perOrder = (ms: number) => Math.round(ms / Math.max(latencies.length, 1));
    cpuPerOrder.push({
      'offered orders/s': rate,
      ...Object.fromEntries(Object.entries(cpu).map(([name, ms]) => [name, perOrder(ms)])),
      total: perOrder(Object.values(cpu).reduce((a, b) => a + b, 0)),
    });
    const endsAfter = await topicEnds();
    const commitsAfter = await commits();
    transactionsPerOrder.push({
      'offered orders/s': rate,
      ...Object.fromEntries(Object.keys(commitsAfter).sort().map((db) => [db, Number(((commitsAfter[db]! - commitsBefore[db]!) / Math.max(inStep.size, 1)).toFixed(1))])),
    });
    messagesPerOrder.push({
      'offered orders/s': rate,
      ...Object.fromEntries(Object.keys(endsAfter).map((topic) => [topic, Number(((endsAfter[topic]! - endsBefore[topic]!) / Math.max(inStep.size, 1)).toFixed(1))])),
    });
    const lastConfirmed = Math.max(...[...inStep].map((id) => confirmedAt.get(id) ?? 0));
    const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? NaN;
    results.push({
      'offered orders/s': rate,
      placed: inStep.size,
      confirmed: latencies.length,
      'confirmed/s': Number((latencies.length / ((lastConfirmed - stepStart) / 1000)).toFixed(1)),
      'p50 ms': pct(50),
      'p99 ms': pct(99),
    });
  }
  console.table(results);
  console.log('CPU-ms per confirmed order, by process (over each step and its drain):');
  console.table(cpuPerOrder);
  console.log('Kafka messages per placed order, by topic:');
  console.table(messagesPerOrder);
  console.log('PostgreSQL transactions per placed order, by database (over each step and its drain):');
  console.table(transactionsPerOrder);
  await stats.end();
  await kafkaAdmin.disconnect();

  // Correctness over the whole run, from the services' own databases.
  const db = (name: string) => new pg.Client({ connectionString: `postgres://commerce:commerce@127.0.0.1:5432/${name}` });
  const inventory = db('inventory');
  const payments = db('payments');
  await Promise.all([inventory.connect(), payments.connect()]);
  const [scarceStock] = (await inventory.query('select sum(on_hand)::int as on_hand, sum(reserved)::int as reserved from stock_items where variant_id = $1', [scarce.variantId])).rows;
  const confirmedScarce = [...scarceOrders].filter((id) => confirmedAt.has(id)).length;
  const orderIds = [...placedAt.keys()];
  const duplicates = (await payments.query(
    `select count(*)::int as n from (select idempotency_key from gateway_operations where split_part(idempotency_key, ':', 1) = any($1) group by idempotency_key having count(*) > 1) d`,
    [orderIds],
  )).rows[0].n;
  const authorizations = (await payments.query("select count(*)::int as n from gateway_operations where idempotency_key like any($1)", [orderIds.map((id) => `${id}:authorize`)])).rows[0].n;
  await Promise.all([inventory.end(), payments.end()]);
  console.log(
    `scarce item: ${SCARCE_UNITS} units, ${scarceOrders.size} orders, ${confirmedScarce} confirmed, reserved ${scarceStock.reserved} of ${scarceStock.on_hand} on hand → ${confirmedScarce > SCARCE_UNITS || scarceStock.reserved > scarceStock.on_hand ? 'OVERSOLD' : 'no oversell'}`,
  );
  console.log(`charges: ${authorizations} authorizations for ${confirmedAt.size} confirmed orders; ${duplicates} duplicated gateway operations; ${failures} placement failures or skipped slots`);
  await retireWarehouse(stack, admin, warehouse);
} finally {
  await watcher?.disconnect().catch(() => undefined);
  await stack.stop();
}
