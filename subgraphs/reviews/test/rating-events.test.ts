import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ProductRatingChanged, TOPICS, createEventProducer, matchEvent, type EventProducer } from '@commerce/events';
import { startMongoOutboxRelay, type MongoOutboxRelay } from '@commerce/outbox';
import { createKafka } from '@commerce/service-kit';
import { collectEvents, infra, testLogger, type EventCollector } from '@commerce/testkit';
import { publishDirtyRatings } from '../src/services/rating-service.ts';
import { PRODUCTS_COLLECTION, ratingLock } from '../src/store/product-store.ts';
import { customer, knownProduct, remove, startHarness, submitOk, type Harness } from './support.ts';

describe('rating changes on reviews.events', () => {
  let h: Harness;
  let producer: EventProducer;
  let relay: MongoOutboxRelay;
  let collector: EventCollector;

  before(async () => {
    h = await startHarness();
    const logger = testLogger('reviews-ratings');
    const kafka = createKafka({ clientId: 'reviews-ratings-test', brokers: infra.kafkaBrokers, logger });
    producer = createEventProducer(kafka);
    await producer.connect();
    collector = await collectEvents(kafka, [TOPICS.reviews]);
    relay = startMongoOutboxRelay({
      connection: h.mongo,
      collectionName: PRODUCTS_COLLECTION,
      locks: h.deps.locks,
      lockName: ratingLock,
      topic: TOPICS.reviews,
      producer,
      logger,
      pollIntervalMs: 100,
    });
    h.deps.wakeRelay = relay.wake;
  });

  after(async () => {
    await relay.stop();
    await collector.stop();
    await producer.disconnect();
    await h.close();
  });

  const ratings = (productId: string) =>
    collector.of(productId).flatMap((event) => {
      const rating = matchEvent(ProductRatingChanged, event);
      return rating ? [{ average: rating.data.average, count: rating.data.count, ratingVersion: rating.data.ratingVersion }] : [];
    });

  test('each submitted or removed review publishes the product rating with a growing version, through the outbox', async () => {
    const productId = await knownProduct(h.deps);
    const alice = await customer(h.issuer);
    const bob = await customer(h.issuer);
    await submitOk(h.url, alice.headers, { productId, rating: 4 });
    const bobs = await submitOk(h.url, bob.headers, { productId, rating: 2 });
    assert.equal((await remove(h.url, bob.headers, bobs)).errors, undefined);
    await collector.until(() => ratings(productId).length >= 3);
    assert.deepEqual(ratings(productId), [
      { average: 4, count: 1, ratingVersion: 1 },
      { average: 3, count: 2, ratingVersion: 2 },
      { average: 4, count: 1, ratingVersion: 3 },
    ]);
  });

  test('a rating left unpublished by an interrupted write is published by the sweeper, once', async () => {
    const productId = await knownProduct(h.deps);
    const carol = await customer(h.issuer);
    await submitOk(h.url, carol.headers, { productId, rating: 5 });
    await collector.until(() => ratings(productId).length >= 1);
    // As if a process died after flagging the product and writing a review, before publishing.
    await h.deps.products.markRatingDirty(productId);
    await h.deps.reviews.insert({
      id: `rev_${Date.now()}`,
      productId,
      authorId: 'cus_crashed',
      rating: 1,
      title: 't',
      body: 'b',
      verifiedPurchase: false,
      createdAt: new Date(),
    });
    assert.ok((await publishDirtyRatings(h.deps, testLogger('sweeper'))) >= 1);
    await collector.until(() => ratings(productId).length >= 2);
    assert.deepEqual(ratings(productId).at(-1), { average: 3, count: 2, ratingVersion: 2 });
    assert.equal(await publishDirtyRatings(h.deps, testLogger('sweeper')), 0);
  });
});
