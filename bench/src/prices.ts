// Prices at scale (issue 19): every SKU's price changed through the router's updatePrices in
// batches of 100 and of 1,000, against the store's own ceiling measured in the same run (the
// same per-product writes sent straight to the MongoDB-wire server with the driver's bulk
// API); PriceChanged end to end on Kafka with nothing lost or duplicated and each SKU's prices
// in the order they were set; and the orders read model's lag (the price changed → the
// shopper's cart shows it). Every service is its own process.
//   npm run bench -- prices        (PRICES_SKUS=5000 PRICES_PER_PRODUCT=5 PRICES_LAG_ROUNDS=20 to change)
import { MongoClient, type AnyBulkWriteOperation } from 'mongodb';
import { setTimeout as sleep } from 'node:timers/promises';
import { TOPICS, parseEnvelope } from '@commerce/events';
import { cpuSnapshot, cpuSpent } from './cpu.ts';
import { percentile } from './stats.ts';
import { createShopper, gqlCall, kafka, liveGroup, loginAdmin, startCommerceStack } from './harness.ts';

const SKUS = Number(process.env.PRICES_SKUS ?? 5000);
const PER_PRODUCT = Number(process.env.PRICES_PER_PRODUCT ?? 5);
const LAG_ROUNDS = Number(process.env.PRICES_LAG_ROUNDS ?? 20);
const BATCHES = [100, 1000];
const MONGO_URL = 'mongodb://127.0.0.1:27017/?directConnection=true';
const STATEMENTS_PER_COMMAND = 20;

interface ProductCopy {
  _id: string;
  version: number;
  variants: { price: { amount: string; currencyCode: string } }[];
  outbox: Record<string, string>[];
  outboxPending: boolean;
}

const run = `P${Date.now().toString(36).toUpperCase()}`;
const money = (amount: number) => ({ amount: amount.toFixed(2), currencyCode: 'EUR' });

const stack = await startCommerceStack();
const mongo = new MongoClient(MONGO_URL);
try {
  await mongo.connect();
  const admin = await loginAdmin(stack);
  const call = <T>(query: string, variables: Record<string, unknown>, token = admin) => gqlCall<T>(stack.routerUrl, query, variables, token);

  // The catalog: SKUS variants, PER_PRODUCT to a product, all ACTIVE at 10.00.
  const skus: string[] = [];
  const productIds: string[] = [];
  const variantOf = new Map<string, string>();
  const createdAt = performance.now();
  for (let p = 0; p < SKUS / PER_PRODUCT; p += 1) {
    const variants = Array.from({ length: PER_PRODUCT }, (_, v) => ({ sku: `${run}-${p}-${v}`, options: [{ name: 'Size', value: `${v}` }], price: money(10) }));
    const { createProduct } = await call<{ createProduct: { id: string; variants: { id: string; sku: string }[] } }>(
      'mutation ($i: CreateProductInput!) { createProduct(input: $i) { id variants { id sku } } }',
      { i: { slug: `${run.toLowerCase()}-${p}`, name: `Price bench ${p}`, status: 'ACTIVE', variants } },
    );
    productIds.push(createProduct.id);
    for (const variant of createProduct.variants) {
      skus.push(variant.sku);
      variantOf.set(variant.sku, variant.id);
    }
  }
  console.log(`${skus.length} SKUs in ${productIds.length} products created in ${((performance.now() - createdAt) / 1000).toFixed(1)} s`);

  // ---- The store's ceiling: copies of those product documents in a scratch database, each
  // product's prices written as ours are (compare and set on the version, the events pushed
  // onto the document's outbox), through the driver's bulk API.
  const scratch = mongo.db(`bench_prices_${run.toLowerCase()}`);
  const copies = scratch.collection<ProductCopy>('products');
  const originals = await mongo.db('catalog').collection<ProductCopy>('products').find({ _id: { $in: productIds } }).toArray();
  const variantsOf = new Map(originals.map((doc) => [doc._id, doc.variants]));
  for (let i = 0; i < originals.length; i += 500) await copies.insertMany(originals.slice(i, i + 500).map((doc) => ({ ...doc, outbox: [], outboxPending: false })));
  const versions = new Map(originals.map((doc) => [doc._id, Number(doc.version ?? 0)]));
  const ceiling: Record<number, number> = {};
  // Where the CPU went, per price and process, for the ceiling's runs and ours: the profile that
  // shows which process bounds the rate (2 cores busy = the machine is the limit).
  const profiles: { run: string; spent: Record<string, number>; seconds: number }[] = [];
  const pids = () => ({ catalog: stack.pids.catalog!, router: stack.pids.router! });
  for (const [round, batch] of BATCHES.entries()) {
    const cpuBefore = cpuSnapshot(pids());
    const started = performance.now();
    const products = [...versions.keys()];
    const perBatch = Math.max(1, Math.floor(batch / PER_PRODUCT));
    for (let i = 0; i < products.length; i += perBatch) {
      const ops: AnyBulkWriteOperation<ProductCopy>[] = products.slice(i, i + perBatch).map((id) => {
        const version = versions.get(id)!;
        versions.set(id, version + 1);
        const amount = money(20 + round).amount;
        return {
          updateOne: {
            filter: { _id: id, version },
            update: {
              // The whole variants array, as the catalog's store writes it (FerretDB v1 has no $[]).
              $set: { variants: variantsOf.get(id)!.map((variant) => ({ ...variant, price: { ...variant.price, amount } })), version: version + 1, outboxPending: true },
              $push: { outbox: { $each: Array.from({ length: PER_PRODUCT }, (_, v) => ({ eventType: 'PriceChanged', sku: `${id}-${v}`, amount })) } },
            },
          },
        };
      });
      // FerretDB 1.24 keeps every statement's PostgreSQL connection until the whole command
      // ends (msg_update.go defers each iterator's Close inside its loop): a command of more
      // statements than its pool's 50 connections deadlocks the server. So commands of 20.
      for (let j = 0; j < ops.length; j += STATEMENTS_PER_COMMAND) await copies.bulkWrite(ops.slice(j, j + STATEMENTS_PER_COMMAND), { ordered: false });
    }
    ceiling[batch] = skus.length / ((performance.now() - started) / 1000);
    profiles.push({ run: `store ceiling, batches of ${batch}`, spent: cpuSpent(cpuBefore, cpuSnapshot(pids())), seconds: (performance.now() - started) / 1000 });
  }
  await scratch.dropDatabase();

  // ---- Ours, through the router, with PriceChanged collected from catalog.events.
  const seen = new Map<string, number[]>(); // sku -> amounts (minor units) in arrival order
  const eventIds = new Set<string>();
  let duplicates = 0;
  let lastArrival = 0;
  const consumer = kafka.consumer({ groupId: await liveGroup([TOPICS.catalog]), maxWaitTimeInMs: 50 });
  await consumer.connect();
  await consumer.subscribe({ topics: [TOPICS.catalog] });
  await consumer.run({
    eachMessage: async ({ message }) => {
      if (message.headers?.eventType?.toString() !== 'PriceChanged') return;
      const event = parseEnvelope(message.value);
      const data = event.data as { sku: string; newPrice: { amount: number } };
      if (!data.sku.startsWith(`${run}-`)) return;
      if (eventIds.has(event.eventId)) {
        duplicates += 1;
        return;
      }
      eventIds.add(event.eventId);
      seen.set(data.sku, [...(seen.get(data.sku) ?? []), data.newPrice.amount]);
      lastArrival = performance.now();
    },
  });
  await sleep(2000);

  const ours: { batch: number; applied: number; published: number; catalogCpuMsPerPrice: number; routerCpuMsPerPrice: number; lost: number }[] = [];
  for (const [round, batch] of BATCHES.entries()) {
    const amount = money(30 + round).amount;
    const expected = eventIds.size + skus.length;
    const before = cpuSnapshot(pids());
    const started = performance.now();
    let updated = 0;
    for (let i = 0; i < skus.length; i += batch) {
      const updates = skus.slice(i, i + batch).map((sku) => ({ sku, price: { amount, currencyCode: 'EUR' } }));
      const { updatePrices } = await call<{ updatePrices: { updated: number; notFound: string[] } }>(
        'mutation ($u: [PriceUpdateInput!]!) { updatePrices(updates: $u) { updated notFound } }',
        { u: updates },
      );
      updated += updatePrices.updated;
    }
    const appliedAt = performance.now();
    for (const deadline = Date.now() + 600_000; eventIds.size < expected && Date.now() < deadline; ) await sleep(50);
    const spent = cpuSpent(before, cpuSnapshot(pids()));
    profiles.push({ run: `ours, batches of ${batch}`, spent, seconds: (performance.now() - started) / 1000 });
    ours.push({
      batch,
      applied: updated / ((appliedAt - started) / 1000),
      published: (eventIds.size - (expected - skus.length)) / ((Math.max(lastArrival, appliedAt) - started) / 1000),
      catalogCpuMsPerPrice: (spent.catalog ?? 0) / skus.length,
      routerCpuMsPerPrice: (spent.router ?? 0) / skus.length,
      lost: expected - eventIds.size,
    });
  }
  // Each SKU saw both rounds, in the order they were set.
  // Events carry money in minor units: 30.00 is 3000.
  const outOfOrder = skus.filter((sku) => (seen.get(sku) ?? []).join() !== [3000, 3100].join()).length;
  await consumer.disconnect();

  // ---- The orders read model's lag: a shopper's cart holds a few of the SKUs; each round
  // changes their prices and polls the cart until it shows them.
  const shopper = await createShopper(stack, `${run}-lag`);
  const inCart = skus.slice(0, 5);
  for (const sku of inCart) await call('mutation ($v: ID!) { addToCart(variantId: $v, quantity: 1) { itemCount } }', { v: variantOf.get(sku)! }, shopper.token);
  const lags: number[] = [];
  for (let round = 0; round < LAG_ROUNDS; round += 1) {
    const amount = money(40 + round).amount;
    await call('mutation ($u: [PriceUpdateInput!]!) { updatePrices(updates: $u) { updated } }', { u: inCart.map((sku) => ({ sku, price: { amount, currencyCode: 'EUR' } })) });
    const changed = performance.now();
    const pending = new Set(inCart);
    for (const deadline = Date.now() + 30_000; pending.size > 0 && Date.now() < deadline; await sleep(10)) {
      const { myCart } = await call<{ myCart: { lines: { sku: string; unitPrice: { amount: string } }[] } }>('{ myCart { lines { sku unitPrice { amount } } } }', {}, shopper.token);
      for (const line of myCart.lines) {
        if (pending.has(line.sku) && line.unitPrice.amount === amount) {
          pending.delete(line.sku);
          lags.push(performance.now() - changed);
        }
      }
    }
  }

  console.log('\nThe store\'s ceiling: the same per-product writes straight to FerretDB (driver bulkWrite, unordered):');
  console.table(BATCHES.map((batch) => ({ batch, 'prices/s': Math.round(ceiling[batch]!) })));
  console.log('Ours: updatePrices through the router, then PriceChanged on catalog.events:');
  console.table(
    ours.map((o) => ({
      batch: o.batch,
      'applied prices/s': Math.round(o.applied),
      'published end to end/s': Math.round(o.published),
      'vs store ceiling': (o.applied / ceiling[o.batch]!).toFixed(2),
      'catalog CPU-ms/price': o.catalogCpuMsPerPrice.toFixed(2),
      'router CPU-ms/price': o.routerCpuMsPerPrice.toFixed(3),
      lost: o.lost,
    })),
  );
  console.log('CPU-ms per price by process (java: Kafka and OpenSearch; bench: this process), and cores kept busy over the run:');
  console.table(
    profiles.map(({ run: name, spent, seconds }) => ({
      run: name,
      ...Object.fromEntries(['ferretdb', 'postgres', 'catalog', 'router', 'java', 'bench'].map((proc) => [proc, Number(((spent[proc === 'java' ? 'kafka' : proc] ?? 0) / skus.length).toFixed(3))])),
      'cores busy': Number((Object.values(spent).reduce((a, b) => a + b, 0) / 1000 / seconds).toFixed(2)),
    })),
  );
  console.log(`PriceChanged duplicates: ${duplicates}; SKUs whose prices arrived out of order or incomplete: ${outOfOrder} of ${skus.length}`);
  console.log(`orders read model (price changed -> the cart shows it), ${lags.length} samples: p50 ${percentile(lags, 50).toFixed(0)} ms, p99 ${percentile(lags, 99).toFixed(0)} ms`);
} finally {
  await mongo.close();
  await stack.stop();
}
