// Kafka-fed subscriptions at 1, 100 and 1,000 concurrent connections on one router process:
// latency from the event's time (extensions.event.occurredAt) to the client receiving the
// payload, payloads per second, resolutions shared between subscribers, and the router's
// memory per connection, while shoppers place orders at a steady rate. Every service is a
// separate process on this machine; the first level is the baseline of the ratios.
//   npm run bench -- subscriptions   (BENCH_SUBSCRIBERS=1,100,1000 BENCH_SECONDS=20 BENCH_ORDER_RATE=4 to change)
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import WebSocket from 'ws';
import {
  createShopper,
  createWarehouse,
  loginAdmin,
  placeOrder,
  retireWarehouse,
  startCommerceStack,
  stockedProduct,
  whenOrderable,
  type CommerceStack,
  type Shopper,
} from './harness.ts';
import { percentile } from './stats.ts';

const LEVELS = (process.env.BENCH_SUBSCRIBERS ?? '1,100,1000').split(',').map(Number);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const ORDER_RATE = Number(process.env.BENCH_ORDER_RATE ?? 4);
const WARM_UP_SECONDS = Math.min(5, SECONDS);
/** Registration hashes a password: few shoppers, each signed in on several connections. */
const MAX_SHOPPERS = 50;
/** Connections opened at once. */
const OPEN_BATCH = 50;
const ORDER_VIEW = 'id status customer { email } payment { status } shipments { status }';
const SHOPPER_QUERY = `subscription MyOrders { myOrderUpdates { ${ORDER_VIEW} } }`;
const FEED_QUERY = `subscription Feed { orderFeed { ${ORDER_VIEW} } }`;
/** The statuses an order of this bench ends at (the sandbox carrier does not move shipments). */
const SETTLED = new Set(['CONFIRMED', 'CANCELLED']);

interface Payload {
  data?: Record<string, { id: string; status: string } | null> | null;
  errors?: unknown[];
  extensions?: { event?: { occurredAt: string } | null };
}

/** What the connections of one kind received. */
interface Sink {
  field: string;
  /** One per event payload: the order and ms from the event's time to its arrival here. */
  received: { orderId: string; latencyMs: number; status: string }[];
  problems: string[];
  lastAt: number;
  closing: boolean;
}

const newSink = (field: string): Sink => ({ field, received: [], problems: [], lastAt: 0, closing: false });

/**
 * One graphql-transport-ws connection with one subscription, on raw `ws` to keep the client
 * side cheap. Resolves once connection_ack came and the subscription was sent.
 */
function subscribe(url: string, token: string, query: string, sink: Sink): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, 'graphql-transport-ws', { perMessageDeflate: false });
    const timer = setTimeout(() => {
      socket.terminate();
      reject(new Error('no connection_ack within 30 s'));
    }, 30_000);
    socket.on('open', () => socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${token}` } })));
    socket.on('message', (data) => {
      const receivedAt = Date.now();
      const message = JSON.parse(String(data)) as { type: string; payload?: unknown };
      if (message.type === 'next') {
        const payload = message.payload as Payload;
        const order = payload.data?.[sink.field];
        if (payload.errors) sink.problems.push(JSON.stringify(payload.errors));
        const event = payload.extensions?.event;
        if (event && order) sink.received.push({ orderId: order.id, latencyMs: receivedAt - Date.parse(event.occurredAt), status: order.status });
        sink.lastAt = receivedAt;
      } else if (message.type === 'connection_ack') {
        clearTimeout(timer);
        socket.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query } }));
        resolve(socket);
      } else if (message.type === 'ping') {
        socket.send(JSON.stringify({ type: 'pong' }));
      } else if (message.type === 'error' || message.type === 'complete') {
        sink.problems.push(`${message.type} ${JSON.stringify(message.payload ?? '')}`);
      }
    });
    socket.on('close', (code, reason) => {
      clearTimeout(timer);
      if (!sink.closing) sink.problems.push(`closed ${code} ${String(reason)}`);
      reject(new Error(`closed ${code} ${String(reason)} before connection_ack`));
    });
    socket.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
  });
}

async function closeAll(sockets: WebSocket[]): Promise<void> {
  await Promise.all(
    sockets.map(
      (socket) =>
        new Promise<void>((resolve) => {
          if (socket.readyState === WebSocket.CLOSED) return resolve();
          const timer = setTimeout(() => socket.terminate(), 5_000);
          socket.once('close', () => {
            clearTimeout(timer);
            resolve();
          });
          socket.close(1000);
        }),
    ),
  );
}

type Metrics = (name: string, labels?: string) => number;

/** The router's /metrics, summed over the series whose labels contain `labels`. */
async function scrape(stack: CommerceStack): Promise<Metrics> {
  const series = (await (await fetch(stack.metricsUrl)).text())
    .split('\n')
    .map((line) => /^([a-zA-Z_:][\w:]*)(\{[^}]*\})?\s+(\S+)/.exec(line))
    .filter((match) => match !== null)
    .map(([, name, labels, value]) => ({ name: name!, labels: labels ?? '', value: Number(value) }));
  return (name, labels = '') => series.filter((s) => s.name === name && s.labels.includes(labels)).reduce((sum, s) => sum + s.value, 0);
}

/** Waits until the router's hub holds exactly these subscriptions. */
async function untilActive(stack: CommerceStack, wanted: Record<string, number>, sinks: Sink[], ms = 60_000): Promise<void> {
  let seen: Record<string, number> = {};
  for (const deadline = Date.now() + ms; Date.now() < deadline; await sleep(100)) {
    const metrics = await scrape(stack);
    seen = Object.fromEntries(Object.keys(wanted).map((field) => [field, metrics('router_subscriptions_active', `field="${field}"`)]));
    if (Object.entries(wanted).every(([field, n]) => seen[field] === n)) return;
  }
  const problems = sinks.flatMap((sink) => sink.problems).slice(0, 3);
  throw new Error(`router holds ${JSON.stringify(seen)} subscriptions, expected ${JSON.stringify(wanted)}; ${problems.join('; ')}`);
}


/** The soft limit on open files (children inherit it), NaN where /proc does not tell. */
function fdLimit(): number {
  try {
    const line = readFileSync('/proc/self/limits', 'utf8').split('\n').find((l) => l.startsWith('Max open files'));
    return Number(line?.split(/\s{2,}/)[1] ?? NaN);
  } catch {
    return NaN;
  }
}

const limit = fdLimit();
const most = Math.max(...LEVELS);
const shopperCount = Math.min(most, MAX_SHOPPERS);
console.log(
  `Subscriptions over graphql-ws, one router process, 127.0.0.1. At each level N: N shopper connections, connection i signed in as ` +
    `shopper i mod M (M = min(N, ${MAX_SHOPPERS}), so N/M connections per shopper), each subscribed to myOrderUpdates { ${ORDER_VIEW} }, ` +
    `plus one admin connection on orderFeed with the same selection. The M shoppers place orders round-robin at ${ORDER_RATE}/s for ${SECONDS} s ` +
    `(one at a time per shopper; 3 status events each: PENDING, AWAITING_PAYMENT, CONFIRMED), so each event reaches its shopper's N/M connections and the feed.\n` +
    `Latency: event occurredAt (orders, same clock) → payload parsed by the client, over every payload of the level's orders (shoppers and feed), ` +
    `through outbox, Kafka, the router's feed and a resolution across orders, customers, payments and shipping. ` +
    `Resolutions and pushes: router_subscription_* deltas for myOrderUpdates. Memory: router RSS and V8 heap used before and after the N connections are ` +
    `acknowledged and subscribed (no forced GC: small N is noise). Warm-up ${WARM_UP_SECONDS} s at N=1 first, not reported.\n` +
    `Payloads/s: the payloads of the level's orders over the ${SECONDS} s window. ` +
    `Open files limit (soft) ${limit} per process: ${Number.isNaN(limit) ? 'unknown' : limit > most + 512 ? `${most} sockets fit` : `TOO LOW for ${most} sockets; raise it with ulimit -n`}.`,
);

const stack = await startCommerceStack();
const wsUrl = stack.routerUrl.replace(/^http/, 'ws');
try {
  const admin = await loginAdmin(stack);
  const warehouse = await createWarehouse(stack, admin);
  const item = await stockedProduct(stack, admin, warehouse, 10_000_000);
  const stamp = Date.now();
  const shoppers: Shopper[] = [];
  for (let i = 0; i < shopperCount; i++) shoppers.push(await createShopper(stack, `${stamp}-subs-${i}`));
  await whenOrderable(stack, shoppers[0]!, [item.variantId]);

  let sequence = 0;
  async function runLevel(n: number, seconds: number) {
    const m = Math.min(n, MAX_SHOPPERS);
    const shopperSink = newSink('myOrderUpdates');
    const feedSink = newSink('orderFeed');
    const sinks = [shopperSink, feedSink];
    const sockets: WebSocket[] = [];
    const open = async (count: number, token: (i: number) => string, query: string, sink: Sink) => {
      for (let i = 0; i < count; i += OPEN_BATCH) {
        const batch = await Promise.allSettled(Array.from({ length: Math.min(OPEN_BATCH, count - i) }, (_, j) => subscribe(wsUrl, token(i + j), query, sink)));
        for (const result of batch) if (result.status === 'fulfilled') sockets.push(result.value);
        const failed = batch.find((result) => result.status === 'rejected');
        if (failed) throw failed.reason;
      }
    };
    try {
      await open(1, () => admin, FEED_QUERY, feedSink);
      await untilActive(stack, { orderFeed: 1, myOrderUpdates: 0 }, sinks);
      await sleep(1000);
      const before = await scrape(stack);
      await open(n, (i) => shoppers[i % m]!.token, SHOPPER_QUERY, shopperSink);
      await untilActive(stack, { orderFeed: 1, myOrderUpdates: n }, sinks);
      await sleep(1000);
      const subscribed = await scrape(stack);

      // Orders round-robin over the level's shoppers, one at a time per shopper (the cart is
      // shared); a slot whose shopper still has one waiting is skipped.
      const shopperOf = new Map<string, number>();
      const queued = new Array<number>(m).fill(0);
      const chains = new Array<Promise<void>>(m).fill(Promise.resolve());
      let placed = 0;
      let skipped = 0;
      let failed = 0;
      const start = Date.now();
      for (let i = 0; i < ORDER_RATE * seconds; i++) {
        const wait = start + (i * 1000) / ORDER_RATE - Date.now();
        if (wait > 0) await sleep(wait);
        const k = i % m;
        if (queued[k]! >= 2) {
          skipped += 1;
          continue;
        }
        queued[k]! += 1;
        chains[k] = chains[k]!.then(async () => {
          try {
            shopperOf.set(await placeOrder(stack, shoppers[k]!, item.variantId, `bench-subs-${stamp}-${sequence++}`), k);
            placed += 1;
          } catch {
            failed += 1;
          } finally {
            queued[k]! -= 1;
          }
        });
      }
      await Promise.all(chains);
      // Until the feed has seen every order settle and the shoppers' sockets are quiet.
      const settled = () => {
        const done = new Set(feedSink.received.filter((r) => SETTLED.has(r.status)).map((r) => r.orderId));
        return [...shopperOf.keys()].every((id) => done.has(id));
      };
      for (const deadline = Date.now() + 30_000; Date.now() < deadline; await sleep(200)) {
        if (settled() && Date.now() - Math.max(shopperSink.lastAt, feedSink.lastAt) > 1_000) break;
      }
      const elapsedSeconds = (Date.now() - start) / 1000;
      const drained = await scrape(stack);

      // Each event of an order should reach every connection of its shopper.
      const connectionsOf = (k: number) => Math.floor(n / m) + (k < n % m ? 1 : 0);
      const ours = feedSink.received.filter((r) => shopperOf.has(r.orderId));
      const expected = ours.reduce((sum, r) => sum + connectionsOf(shopperOf.get(r.orderId)!), 0);
      const latencies = [...shopperSink.received, ...ours].map((r) => r.latencyMs);
      const delta = (name: string, labels = '') => drained(name, labels) - subscribed(name, labels);
      const perConnection = (name: string) => Math.round((subscribed(name) - before(name)) / n / 1024);
      return {
        n,
        m,
        placed,
        skipped,
        failed,
        problems: sinks.flatMap((sink) => sink.problems),
        row: {
          'conns/shopper': Number((n / m).toFixed(1)),
          'payloads/s': Number(((shopperSink.received.length + ours.length) / seconds).toFixed(1)),
          'p50 ms': percentile(latencies, 50),
          'p99 ms': percentile(latencies, 99),
          resolutions: delta('router_subscription_resolutions_total', 'field="myOrderUpdates"'),
          pushed: delta('router_subscription_payloads_pushed_total', 'field="myOrderUpdates"'),
          lost: expected - shopperSink.received.length,
          'RSS KiB/conn': perConnection('process_resident_memory_bytes'),
          'heap KiB/conn': perConnection('nodejs_heap_size_used_bytes'),
          'router CPU %': Math.round((delta('process_cpu_seconds_total') / elapsedSeconds) * 100),
        },
      };
    } finally {
      for (const sink of sinks) sink.closing = true;
      await closeAll(sockets);
      await untilActive(stack, { orderFeed: 0, myOrderUpdates: 0 }, [], 15_000).catch((err: unknown) => console.warn(`after N=${n}: ${String(err)}`));
    }
  }

  await runLevel(1, WARM_UP_SECONDS);
  const results = [];
  for (const n of LEVELS) results.push(await runLevel(n, SECONDS));

  const baseline = results[0]!;
  const ratio = (value: number, base: number) => Number((value / Math.max(base, 1)).toFixed(2));
  console.table(
    Object.fromEntries(
      results.map(({ n, row }) => [
        `N=${n}`,
        {
          'conns/shopper': row['conns/shopper'],
          'payloads/s': row['payloads/s'],
          'p50 ms': row['p50 ms'],
          'p99 ms': row['p99 ms'],
          [`p50 ×N=${baseline.n}`]: ratio(row['p50 ms'], baseline.row['p50 ms']),
          [`p99 ×N=${baseline.n}`]: ratio(row['p99 ms'], baseline.row['p99 ms']),
          resolutions: row.resolutions,
          pushed: row.pushed,
          lost: row.lost,
          'RSS KiB/conn': row['RSS KiB/conn'],
          'heap KiB/conn': row['heap KiB/conn'],
          'router CPU %': row['router CPU %'],
        },
      ]),
    ),
  );
  for (const { n, placed, skipped, failed, problems } of results) {
    console.log(
      `N=${n}: ${placed} orders placed, ${skipped} slots skipped (shopper busy), ${failed} failed; ${problems.length} error payloads or unexpected closes` +
        (problems.length > 0 ? `, first: ${problems[0]}` : ''),
    );
  }
  await retireWarehouse(stack, admin, warehouse);
} finally {
  await stack.stop();
}
