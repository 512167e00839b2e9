// The search subgraph on OpenSearch: search latency with facets at 1,000 and 100,000 products,
// indexing throughput (events/s through Kafka into the index), and freshness (an out-of-stock
// or price change event published → searchable), p50/p99, under a search load.
// `npm run bench -- search`. The synthetic catalog is bulk-indexed straight into an index of
// its own (alias bench-search-<time>), dropped at the end.
import { randomUUID } from 'node:crypto';
import { PriceChanged, StockLevelChanged, TOPICS, createEventProducer, newEvent, publishEvents, type EventEnvelope, startConsumerTable } from '@commerce/events';
import { createKafka, createLogger } from '@commerce/service-kit';
import { liveGroup } from '@commerce/testkit';
import { emptyDocument, type ProductDocument } from '../../subgraphs/search/src/domain/product-document.ts';
import { DEFAULT_SYNONYMS } from '../../subgraphs/search/src/domain/index-definition.ts';
import { consumerTable } from '../../subgraphs/search/src/events/consumers.ts';
import { createServer } from '../../subgraphs/search/src/server.ts';
import { staticCategoryTree } from '../../subgraphs/search/src/services/category-tree.ts';
import { createIndexer } from '../../subgraphs/search/src/services/indexer.ts';
import { createSearchStore } from '../../subgraphs/search/src/store/search-store.ts';
import { load, type LoadResult } from './harness.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 8);
const SIZES = (process.env.BENCH_SEARCH_SIZES ?? '1000,100000').split(',').map(Number);
const THROUGHPUT_EVENTS = Number(process.env.BENCH_SEARCH_EVENTS ?? 5_000);
const FRESHNESS_SAMPLES = Number(process.env.BENCH_SEARCH_SAMPLES ?? 100);

const ADJECTIVES = ['compact', 'classic', 'electric', 'rustic', 'modern', 'vintage', 'heavy', 'light', 'premium', 'travel', 'folding', 'smart'];
const MATERIALS = ['steel', 'copper', 'glass', 'oak', 'walnut', 'ceramic', 'cotton', 'linen', 'bamboo', 'leather', 'wool', 'stone'];
const NOUNS = ['kettle', 'mug', 'lamp', 'chair', 'desk', 'blanket', 'grinder', 'pan', 'knife', 'vase', 'shelf', 'tray', 'bowl', 'apron', 'stool', 'clock'];
const BRANDS = Array.from({ length: 20 }, (_, i) => `Brand ${String.fromCharCode(65 + i)}`);
const categories = [
  ...Array.from({ length: 5 }, (_, i) => ({ id: `cat_root${i}`, name: `Department ${i}`, parentId: null })),
  ...Array.from({ length: 25 }, (_, i) => ({ id: `cat_leaf${i}`, name: `Aisle ${i}`, parentId: `cat_root${i % 5}` })),
];
const pick = <T>(list: readonly T[], n: number): T => list[n % list.length]!;

/** A deterministic synthetic product: name words, brand, category, tags, 1–3 variant prices, stock, rating. */
function syntheticProduct(n: number): ProductDocument {
  const name = `${pick(ADJECTIVES, n * 7)} ${pick(MATERIALS, n * 13)} ${pick(NOUNS, n * 3)} no${n}`;
  const variants = Array.from({ length: 1 + (n % 3) }, (_, i) => ({ id: `var_bench${n}v${i}`, price: 500 + ((n * 7919 + i * 1237) % 60_000), currency: 'EUR', priceAt: 1 }));
  const prices = variants.map((v) => v.price);
  return {
    ...emptyDocument(`prd_bench${n}`),
    status: 'ACTIVE',
    name,
    slug: `bench-${n}`,
    description: `A ${name} for every day, made of ${pick(MATERIALS, n * 5)}.`,
    brand: pick(BRANDS, n * 11),
    categoryId: `cat_leaf${n % 25}`,
    tags: [pick(MATERIALS, n * 13), pick(ADJECTIVES, n)],
    variants,
    priceMin: Math.min(...prices),
    priceMax: Math.max(...prices),
    createdAt: new Date(Date.UTC(2026, 0, 1) + n * 60_000).toISOString(),
    catalogVersion: 1,
    catalogAt: 1,
    inStock: n % 4 !== 0,
    rating: n % 5 === 0 ? null : 1 + ((n * 37) % 41) / 10,
    ratingCount: n % 5 === 0 ? 0 : 1 + (n % 50),
    suggest: name,
  };
}

const SEARCH = `query BenchSearch($query: String, $filter: SearchFilter, $sort: SearchSort) {
  search(query: $query, filter: $filter, sort: $sort, first: 20) {
    totalCount
    edges { node { id } highlights { field snippets } }
    facets { categories { category { id } count } brands { brand count } prices { min max count } availability { inStock outOfStock } ratings { minRating count } }
  }
}`;

async function post(url: string, variables: Record<string, unknown>) {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: SEARCH, variables }) });
  const body = (await response.json()) as { data?: { search: { totalCount: number; edges: { node: { id: string } }[] } }; errors?: unknown[] };
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data!.search;
}

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
};

const logger = createLogger('bench-search', 'warn');
const store = createSearchStore({
  url: process.env.OPENSEARCH_URL ?? 'http://127.0.0.1:9200',
  alias: `bench-search-${Date.now()}`,
  synonyms: DEFAULT_SYNONYMS,
});
const kafka = createKafka({ clientId: 'bench-search', brokers: (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(','), logger });
const producer = createEventProducer(kafka);
let consumers: { stop: () => Promise<void> } | undefined;
const server = await (async () => {
  await store.ensureIndices();
  return createServer({ store, categories: staticCategoryTree(categories), currency: 'EUR', logger });
})();
try {
  const url = `http://127.0.0.1:${await server.listen(0, '127.0.0.1')}/graphql`;
  const results: (LoadResult & { products: number })[] = [];
  let indexed = 0;
  for (const size of SIZES) {
    const started = Date.now();
    for (let from = indexed; from < size; from += 5_000) {
      await store.bulkIndex(Array.from({ length: Math.min(5_000, size - from) }, (_, i) => syntheticProduct(from + i)));
    }
    await store.refresh();
    indexed = size;
    console.log(`indexed ${size} products (bulk, ${((Date.now() - started) / 1000).toFixed(1)} s)`);
    const check = await post(url, { query: 'steel kettle' });
    console.log(`  "steel kettle": ${check.totalCount} matches`);
    await load('warm-up', url, SEARCH, { query: 'steel kettle' }, { seconds: 2, connections: 2 });
    const options = { seconds: SECONDS, connections: CONNECTIONS };
    results.push({ ...(await load('words + all facets', url, SEARCH, { query: 'copper kettle' }, options)), products: size });
    results.push({ ...(await load('typo + filters + facets', url, SEARCH, { query: 'walnut dsk', filter: { inStock: true, minRating: 3, priceRange: { max: '300.00' } } }, options)), products: size });
    results.push({ ...(await load('browse category by price + facets', url, SEARCH, { filter: { categoryId: 'cat_root2', brands: ['Brand C', 'Brand D'] }, sort: 'PRICE_ASC' }, options)), products: size });
  }
  console.log(`\nsearch latency (${SECONDS}s each, ${CONNECTIONS} connections, straight to the search subgraph over loopback)`);
  console.table(results.map(({ products, name, requestsPerSecond, p50Ms, p99Ms, errors }) => ({ products, query: name, requestsPerSecond, p50Ms, p99Ms, errors })));

  // Indexing throughput: StockLevelChanged events through Kafka and the real consumers into the
  // index (each a stock write, then the product's availability recomputed: 3-4 engine calls).
  let handled = 0;
  consumers = await startConsumerTable({
    kafka,
    logger,
    table: consumerTable(createIndexer(store), () => {
      handled += 1;
    }),
    fromBeginning: false,
    groups: {
      CATALOG_CONSUMER_GROUP: await liveGroup(kafka, [TOPICS.catalog], 'bench-search-'),
      INVENTORY_CONSUMER_GROUP: await liveGroup(kafka, [TOPICS.inventory], 'bench-search-'),
      REVIEWS_CONSUMER_GROUP: await liveGroup(kafka, [TOPICS.reviews], 'bench-search-'),
    },
  });
  await producer.connect();
  // The variants' stock documents name their products (as the catalog snapshot would).
  const throughputIds = Array.from({ length: THROUGHPUT_EVENTS }, (_, i) => i);
  const base = Date.now();
  const stockEvents = throughputIds.map((n) =>
    newEvent(StockLevelChanged, {
      aggregateId: `var_bench${n}v0`,
      data: { variantId: `var_bench${n}v0`, warehouseId: 'wh_bench', onHand: n % 2, reserved: 0, available: n % 2, warehouseActive: true, version: 1, kind: 'SET', orderId: null, changedAt: new Date(base + n).toISOString() },
    }),
  );
  for (let from = 0; from < THROUGHPUT_EVENTS; from += 500) {
    // productId on the variant documents first, as a ProductCreated would leave it.
    await Promise.all(
      throughputIds.slice(from, from + 500).map((n) =>
        store.mutateVariant(`var_bench${n}v0`, (current) => (current ? 'stale' : { variantId: `var_bench${n}v0`, productId: `prd_bench${n}`, warehouses: {} })),
      ),
    );
  }
  const sendStarted = Date.now();
  for (let from = 0; from < stockEvents.length; from += 500) await publishEvents(producer, TOPICS.inventory, stockEvents.slice(from, from + 500));
  while (handled < THROUGHPUT_EVENTS) await new Promise((resolve) => setTimeout(resolve, 50));
  const seconds = (Date.now() - sendStarted) / 1000;
  console.log(`\nindexing throughput: ${THROUGHPUT_EVENTS} StockLevelChanged events in ${seconds.toFixed(1)} s = ${Math.round(THROUGHPUT_EVENTS / seconds)} events/s (Kafka → consumer → index, ${indexed} products)`);

  // Freshness under load: one change at a time, published, then searched for until found.
  let loading = true;
  let backgroundQueries = 0;
  const background = Promise.all(
    [0, 1].map(async () => {
      while (loading) {
        await post(url, { query: 'oak chair' });
        backgroundQueries += 1;
      }
    }),
  );
  const stockLags: number[] = [];
  const priceLags: number[] = [];
  const lagOf = async (event: EventEnvelope, topic: string, variables: Record<string, unknown>, id: string) => {
    const published = Date.now();
    await publishEvents(producer, topic, [event]);
    for (;;) {
      const found = await post(url, variables);
      if (found.edges.some((edge) => edge.node.id === id)) return Date.now() - published;
      if (Date.now() - published > 30_000) throw new Error(`not searchable after 30 s: ${JSON.stringify(variables)}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };
  for (let i = 0; i < FRESHNESS_SAMPLES; i++) {
    // Past the throughput range, with one variant (n % 3 === 0) and in stock (n % 4 !== 0).
    const n = THROUGHPUT_EVENTS + 1 + i * 12;
    const variantId = `var_bench${n}v0`;
    await store.mutateVariant(variantId, () => ({ variantId, productId: `prd_bench${n}`, warehouses: {} }));
    stockLags.push(
      await lagOf(
        // An order reserves the last unit: still on hand, none available.
        newEvent(StockLevelChanged, {
          aggregateId: variantId,
          data: { variantId, warehouseId: 'wh_bench', onHand: 1, reserved: 1, available: 0, warehouseActive: true, version: 2, kind: 'RESERVATION', orderId: `ord_bench${n}`, changedAt: new Date().toISOString() },
        }),
        TOPICS.inventory,
        { query: `no${n}`, filter: { inStock: false } },
        `prd_bench${n}`,
      ),
    );
    priceLags.push(
      await lagOf(
        newEvent(PriceChanged, {
          aggregateId: `prd_bench${n}`,
          data: { productId: `prd_bench${n}`, variantId, sku: `BENCH-${randomUUID().slice(0, 6)}`, oldPrice: { amount: 1000, currency: 'EUR' }, newPrice: { amount: 1, currency: 'EUR' }, changedAt: new Date().toISOString() },
        }),
        TOPICS.catalog,
        { query: `no${n}`, filter: { priceRange: { max: '0.01' } } },
        `prd_bench${n}`,
      ),
    );
  }
  loading = false;
  await background;
  console.log(`\nfreshness (${FRESHNESS_SAMPLES} samples each, event published → found by a search, while 2 connections searched (${backgroundQueries} searches), ${indexed} products)`);
  console.table([
    { change: 'out of stock (StockLevelChanged, a reservation)', p50Ms: percentile(stockLags, 50), p99Ms: percentile(stockLags, 99), maxMs: Math.max(...stockLags) },
    { change: 'price (PriceChanged)', p50Ms: percentile(priceLags, 50), p99Ms: percentile(priceLags, 99), maxMs: Math.max(...priceLags) },
  ]);
} finally {
  await store.dropAll();
  await consumers?.stop();
  await producer.disconnect();
  await server.close();
  await store.close();
}
