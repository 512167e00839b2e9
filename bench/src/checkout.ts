// Checkout throughput: orders placed through the router at increasing rates, each timed from
// the placeOrder request to its OrderConfirmed event (the saga's commit point), with every
// service a separate process on this machine. Checks for oversells and duplicate charges.
//   npm run bench -- checkout        (BENCH_RATES=10,25,50 BENCH_STEP_SECONDS=20 to change)
import { setTimeout as sleep } from 'node:timers/promises';
import { Kafka, logLevel } from 'kafkajs';
import pg from 'pg';
import { TOPICS, parseEnvelope } from '@commerce/events';
import { BENCH_ADMIN, gqlCall, startService, stopService } from './harness.ts';

const RATES = (process.env.BENCH_RATES ?? '10,25,50,75').split(',').map(Number);
const STEP_SECONDS = Number(process.env.BENCH_STEP_SECONDS ?? 20);
const SHOPPERS = Number(process.env.BENCH_SHOPPERS ?? 60);
const SCARCE_UNITS = 25;
const ports = { router: 4100, customers: 4101, catalog: 4102, reviews: 4103, inventory: 4104, orders: 4105, payments: 4106, shipping: 4107 };
const url = (port: number) => `http://127.0.0.1:${port}/graphql`;
const kafka = new Kafka({ clientId: 'bench', brokers: ['127.0.0.1:9092'], logLevel: logLevel.NOTHING });

/** A fresh consumer group at the end of the topics, so services start at the live edge. */
async function liveGroup(topics: string[]): Promise<string> {
  const groupId = `bench-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;
  const admin = kafka.admin();
  await admin.connect();
  for (const topic of topics) {
    const ends = await admin.fetchTopicOffsets(topic);
    await admin.setOffsets({ groupId, topic, partitions: ends.map(({ partition, high }) => ({ partition, offset: high })) });
  }
  await admin.disconnect();
  return groupId;
}

const auth = { AUTH_JWKS_URL: `http://127.0.0.1:${ports.customers}/.well-known/jwks.json` };
const sagaTopics = [TOPICS.inventory, TOPICS.payments, TOPICS.shipments];
const services = [
  await startService('subgraphs/customers', ports.customers, { ADMIN_EMAIL: BENCH_ADMIN.email, ADMIN_PASSWORD: BENCH_ADMIN.password }),
  await startService('subgraphs/catalog', ports.catalog, auth),
  await startService('subgraphs/reviews', ports.reviews, auth),
  await startService('subgraphs/inventory', ports.inventory, {
    ...auth,
    ORDERS_CONSUMER_GROUP: await liveGroup([TOPICS.orders]),
    CATALOG_CONSUMER_GROUP: await liveGroup([TOPICS.catalog]),
  }),
  await startService('subgraphs/orders', ports.orders, {
    ...auth,
    CATALOG_CONSUMER_GROUP: await liveGroup([TOPICS.catalog]),
    SAGA_CONSUMER_GROUP: await liveGroup(sagaTopics),
  }),
  await startService('subgraphs/payments', ports.payments, { ...auth, ORDERS_CONSUMER_GROUP: await liveGroup([TOPICS.orders]) }),
  await startService('subgraphs/shipping', ports.shipping, {
    ...auth,
    ORDERS_CONSUMER_GROUP: await liveGroup([TOPICS.orders]),
    SANDBOX_CARRIER_STEP_MS: '0',
  }),
];
const router = await startService('router', ports.router, {
  ...auth,
  ...Object.fromEntries(Object.entries(ports).filter(([name]) => name !== 'router').map(([name, port]) => [`SUBGRAPH_URL_${name.toUpperCase()}`, url(port)])),
});

const confirmedAt = new Map<string, number>();
const cancelled = new Set<string>();
const watcher = kafka.consumer({ groupId: await liveGroup([TOPICS.orders]) });
await watcher.connect();
await watcher.subscribe({ topic: TOPICS.orders });
await watcher.run({
  eachMessage: async ({ message }) => {
    const event = parseEnvelope(message.value);
    if (event.eventType === 'OrderConfirmed') confirmedAt.set(event.aggregateId, Date.parse(event.occurredAt));
    if (event.eventType === 'OrderCancelled') cancelled.add(event.aggregateId);
  },
});

try {
  const call = <T>(query: string, variables: Record<string, unknown>, token?: string) => gqlCall<T>(url(ports.router), query, variables, token);
  const admin = (await call<{ login: { accessToken: string } }>('mutation ($i: LoginInput!) { login(input: $i) { accessToken } }', { i: BENCH_ADMIN })).login.accessToken;
  const stamp = Date.now();
  const warehouse = (await call<{ createWarehouse: { id: string } }>('mutation ($i: CreateWarehouseInput!) { createWarehouse(input: $i) { id } }', { i: { code: `B${stamp}`, name: 'Bench' } }, admin)).createWarehouse.id;
  const product = async (units: number) => {
    const created = await call<{ createProduct: { id: string; variants: { id: string }[] } }>(
      'mutation ($i: CreateProductInput!) { createProduct(input: $i) { id variants { id } } }',
      { i: { slug: `bench-${stamp}-${units}-${Math.random().toString(36).slice(2, 6)}`, name: 'Bench item', status: 'ACTIVE', variants: [{ sku: `B-${stamp}-${Math.random().toString(36).slice(2, 8)}`, price: { amount: '19.90', currencyCode: 'EUR' } }] } },
      admin,
    );
    const variantId = created.createProduct.variants[0]!.id;
    await call('mutation ($i: SetStockInput!) { setStock(input: $i) { available } }', { i: { variantId, warehouseId: warehouse, onHand: units, reason: 'bench' } }, admin);
    return { productId: created.createProduct.id, variantId };
  };
  const plenty = await product(1_000_000);
  const scarce = await product(SCARCE_UNITS);

  // Shoppers with a card each (registration hashes a password: done before the clock starts).
  const tokensUrl = url(ports.payments).replace('/graphql', '/sandbox-gateway/tokens');
  const shoppers: { token: string; paymentMethodId: string }[] = [];
  for (let i = 0; i < SHOPPERS; i++) {
    const { register } = await call<{ register: { accessToken: string } }>('mutation ($i: RegisterInput!) { register(input: $i) { accessToken } }', {
      i: { email: `bench+${stamp}-${i}@commerce.local`, password: 'bench-password-1', firstName: 'Bench', lastName: `Shopper ${i}` },
    });
    const card = (await (await fetch(tokensUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ number: '4242424242424242', expMonth: 12, expYear: 2035, cvc: '123', holderName: 'Bench' }) })).json()) as { token: string };
    const method = await call<{ addPaymentMethod: { id: string } }>('mutation ($i: AddPaymentMethodInput!) { addPaymentMethod(input: $i) { id } }', { i: { token: card.token } }, register.accessToken);
    shoppers.push({ token: register.accessToken, paymentMethodId: method.addPaymentMethod.id });
  }
  // Orders need the variants in their read model.
  for (const variantId of [plenty.variantId, scarce.variantId]) {
    for (;;) {
      try {
        await call('mutation ($v: ID!) { addToCart(variantId: $v, quantity: 1) { itemCount } }', { v: variantId }, shoppers[0]!.token);
        await call('mutation { clearCart { itemCount } }', {}, shoppers[0]!.token);
        break;
      } catch {
        await sleep(200);
      }
    }
  }

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
      await call('mutation ($v: ID!) { addToCart(variantId: $v, quantity: 1) { itemCount } }', { v: variantId }, shopper.token);
      const { placeOrder } = await call<{ placeOrder: { id: string } }>(
        'mutation ($i: PlaceOrderInput!) { placeOrder(input: $i) { id } }',
        { i: { address: { recipient: 'Bench', line1: '1 Damrak', city: 'Amsterdam', postalCode: '1012 LG', country: 'NL' }, paymentMethodId: shopper.paymentMethodId, idempotencyKey: `bench-${stamp}-${sequence++}` } },
        shopper.token,
      );
      placedAt.set(placeOrder.id, started);
      if (variantId === scarce.variantId) scarceOrders.add(placeOrder.id);
    } catch {
      failures += 1;
    } finally {
      busy.delete(shopperIndex);
    }
  }

  const results = [];
  for (const rate of RATES) {
    const stepStart = Date.now();
    const inStep = new Set<string>();
    const before = new Set(placedAt.keys());
    const total = rate * STEP_SECONDS;
    const pending: Promise<void>[] = [];
    for (let i = 0; i < total; i++) {
      const due = stepStart + (i * 1000) / rate;
      const wait = due - Date.now();
      if (wait > 0) await sleep(wait);
      const free = shoppers.findIndex((_, index) => !busy.has(index));
      if (free < 0) {
        failures += 1; // every shopper busy: the system is not keeping up with this rate
        continue;
      }
      // Every 10th order competes for the scarce item, to check that nothing oversells.
      pending.push(placeOne(free, i % 10 === 0 ? scarce.variantId : plenty.variantId));
    }
    await Promise.all(pending);
    for (const id of placedAt.keys()) if (!before.has(id)) inStep.add(id);
    // Give the saga time to finish this step's orders.
    for (const deadline = Date.now() + 30_000; Date.now() < deadline; await sleep(250)) {
      if ([...inStep].every((id) => confirmedAt.has(id) || cancelled.has(id))) break;
    }
    const latencies = [...inStep].filter((id) => confirmedAt.has(id)).map((id) => confirmedAt.get(id)! - placedAt.get(id)!).sort((a, b) => a - b);
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
} finally {
  await watcher.disconnect();
  await stopService(router);
  await Promise.all(services.map(stopService));
}
