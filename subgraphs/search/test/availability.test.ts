import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Kafka } from 'kafkajs';
import { TOPICS, createEventProducer, publishEvents, startConsumerTable, type EventEnvelope, type EventProducer } from '@commerce/events';
import { createKafka, newId } from '@commerce/service-kit';
import { infra, liveGroup, testLogger } from '@commerce/testkit';
import { consumerTable } from '../src/events/consumers.ts';
import type { IndexOutcome } from '../src/services/indexer.ts';
import { SEARCH, productCreated, startHarness, stockAdjusted, stockLevel, type Harness } from './support.ts';

// The consumers search runs in production, on groups of their own that start at the topics'
// ends, fed through the real Kafka into the real OpenSearch. The levels are what inventory
// publishes for a reservation, its release and a shipment (inventory's reservations.test.ts
// checks that it does; router/test/search.test.ts runs both services together).
describe('availability follows the stock that can be ordered, through Kafka', () => {
  const logger = testLogger('search-availability');
  let h: Harness;
  let kafka: Kafka;
  let producer: EventProducer;
  let consumers: { stop: () => Promise<void> };
  const handled = new Map<string, IndexOutcome>();

  before(async () => {
    h = await startHarness();
    kafka = createKafka({ clientId: 'search-availability-test', brokers: infra.kafkaBrokers, logger });
    producer = createEventProducer(kafka, logger);
    await producer.connect();
    consumers = await startConsumerTable({
      kafka,
      logger,
      table: consumerTable(h.indexer, (event, outcome) => handled.set(event.eventId, outcome)),
      fromBeginning: false,
      groups: {
        CATALOG_CONSUMER_GROUP: await liveGroup(kafka, [TOPICS.catalog], 'search-availability-'),
        INVENTORY_CONSUMER_GROUP: await liveGroup(kafka, [TOPICS.inventory], 'search-availability-'),
        REVIEWS_CONSUMER_GROUP: await liveGroup(kafka, [TOPICS.reviews], 'search-availability-'),
      },
    });
  });
  after(async () => {
    await consumers?.stop();
    await producer?.disconnect();
    await h?.close();
  });

  const publish = (topic: string, ...events: EventEnvelope[]) => publishEvents(producer, topic, events);
  const outcomes = async (events: EventEnvelope[], ms = 15_000) => {
    const deadline = Date.now() + ms;
    while (events.some((event) => !handled.has(event.eventId))) {
      if (Date.now() > deadline) assert.fail(`not handled within ${ms} ms: ${events.filter((e) => !handled.has(e.eventId)).map((e) => e.eventType)}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return events.map((event) => handled.get(event.eventId));
  };
  /** Polls the in-stock filter (as customers use it) until it says `inStock`; the time it took from `since`. */
  async function searchedAs(word: string, productId: string, inStock: boolean, since: number, ms = 15_000): Promise<number> {
    for (;;) {
      const response = await h.search(SEARCH, { query: word, filter: { inStock }, first: 10 });
      assert.equal(response.errors, undefined, JSON.stringify(response.errors));
      const ids = (response.data?.search.edges as { node: { id: string } }[]).map((edge) => edge.node.id);
      if (ids.includes(productId)) return Date.now() - since;
      if (Date.now() - since > ms) assert.fail(`${productId} never searchable with inStock: ${inStock}`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  test('the last unit reserved by an order takes the product out of stock within 2 s, and the release brings it back', async () => {
    const productId = newId('prd');
    const word = `quokka${productId.slice(-6).toLowerCase()}`;
    const created = productCreated({ id: productId, name: `Enamel mug ${word}`, prices: [1_200] });
    const variantId = created.data.variants[0]!.variantId;
    const orderId = newId('ord');
    await publish(TOPICS.catalog, created);
    const counted = stockLevel(variantId, { onHand: 1, version: 1 });
    await publish(TOPICS.inventory, counted);
    await searchedAs(word, productId, true, Date.now());

    // One on hand, one reserved: on hand alone would still say in stock.
    let since = Date.now();
    await publish(TOPICS.inventory, stockLevel(variantId, { onHand: 1, reserved: 1, version: 2, kind: 'RESERVATION', orderId }));
    const soldOut = await searchedAs(word, productId, false, since);
    since = Date.now();
    await publish(TOPICS.inventory, stockLevel(variantId, { onHand: 1, reserved: 0, version: 3, kind: 'RELEASE', orderId }));
    const released = await searchedAs(word, productId, true, since);
    for (const lag of [soldOut, released]) assert.ok(lag < 2_000, `searchable after ${lag} ms`);
  });

  test('levels arriving late, repeated, or as an older StockAdjusted change nothing: the highest version per warehouse holds', async () => {
    const productId = newId('prd');
    const word = `wombat${productId.slice(-6).toLowerCase()}`;
    const created = productCreated({ id: productId, name: `Oak board ${word}`, prices: [3_000] });
    const variantId = created.data.variants[0]!.variantId;
    const orderId = newId('ord');
    await publish(TOPICS.catalog, created);
    // Two warehouses; the order takes the last unit of wh_1 and ships it; wh_2 holds 2, all reserved.
    const levels = [
      stockLevel(variantId, { warehouseId: 'wh_1', onHand: 1, version: 1 }),
      stockLevel(variantId, { warehouseId: 'wh_2', onHand: 2, reserved: 2, version: 4 }),
      stockLevel(variantId, { warehouseId: 'wh_1', onHand: 1, reserved: 1, version: 2, kind: 'RESERVATION', orderId }),
      stockLevel(variantId, { warehouseId: 'wh_1', onHand: 0, reserved: 0, version: 3, kind: 'COMMIT', orderId }),
    ];
    // Newest first: each older one arrives after a newer one of its warehouse.
    const newestFirst = [levels[3]!, levels[1]!, levels[2]!, levels[0]!];
    await publish(TOPICS.inventory, ...newestFirst);
    assert.deepEqual(await outcomes(newestFirst), ['applied', 'applied', 'stale', 'stale']);
    await searchedAs(word, productId, false, Date.now());

    // Redelivered (same event ids), and a count as StockAdjusted told it before levels had versions.
    const again = [...levels, stockAdjusted(variantId, 5, new Date(), 'wh_1')];
    for (const event of again) handled.delete(event.eventId);
    await publish(TOPICS.inventory, ...again);
    assert.deepEqual(await outcomes(again), ['stale', 'stale', 'stale', 'stale', 'stale']);
    await h.store.refresh();
    const response = await h.search(SEARCH, { query: word, filter: { inStock: true } });
    assert.equal(response.data?.search.totalCount, 0, 'still out of stock');
  });
});
