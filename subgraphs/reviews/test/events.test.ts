import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Admin, Kafka } from 'kafkajs';
import {
  OrderDelivered,
  ProductDeleted,
  ProductUpdated,
  TOPICS,
  createEventProducer,
  newEvent,
  publishEvents,
  type EventEnvelope,
  type EventProducer,
} from '@commerce/events';
import { createKafka, newId } from '@commerce/service-kit';
import { gql, infra, liveGroup, testLogger } from '@commerce/testkit';
import { startReviewConsumers, type ReviewConsumers } from '../src/events/consumers.ts';
import { MARK_VERIFIED, createMarkVerifiedWhenOrderDelivered } from '../src/events/mark-verified-when-order-delivered.ts';
import type { HandleOutcome } from '../src/events/process-once.ts';
import { customer, knownProduct, productCreated, startHarness, submit, submitOk, until, type Harness } from './support.ts';

function orderDelivered(customerId: string, productIds: string[]) {
  const orderId = newId('ord');
  return newEvent(OrderDelivered, {
    aggregateId: orderId,
    data: {
      orderId,
      customerId,
      lines: productIds.map((productId) => ({ productId, variantId: newId('var') })),
      deliveredAt: new Date().toISOString(),
    },
  });
}

function productUpdated(productId: string, status: 'DRAFT' | 'ACTIVE' | 'ARCHIVED', occurredAt = new Date()) {
  return newEvent(ProductUpdated, {
    aggregateId: productId,
    occurredAt,
    data: {
      productId,
      slug: productId.toLowerCase(),
      name: 'Test product',
      status,
      variants: [],
      removedVariantIds: [],
      changedFields: ['status'],
      updatedAt: occurredAt.toISOString(),
    },
  });
}

describe('reviews consumers over the real Kafka broker', () => {
  let h: Harness;
  let kafka: Kafka;
  let admin: Admin;
  let producer: EventProducer;
  let consumers: ReviewConsumers;
  /** Every outcome the consumers reported, per event id, in order. */
  const outcomes = new Map<string, HandleOutcome[]>();

  /** Waits until the consumers have handled `event` `times` times and returns the outcomes. */
  const handled = async (event: EventEnvelope, times = 1) => {
    await until(() => (outcomes.get(event.eventId)?.length ?? 0) >= times, 30_000, `${event.eventType} ${event.eventId}`);
    return outcomes.get(event.eventId)!;
  };

  before(async () => {
    h = await startHarness();
    const logger = testLogger('reviews-events');
    kafka = createKafka({ clientId: 'reviews-test', brokers: infra.kafkaBrokers, logger });
    admin = kafka.admin();
    producer = createEventProducer(kafka);
    await Promise.all([admin.connect(), producer.connect()]);

    // Fresh groups, pinned to the current end of each topic: the consumers see exactly what
    // this suite publishes (and whatever else arrives meanwhile), not the topics' history.
    const groupIds = { catalog: await liveGroup(kafka, [TOPICS.catalog], 'reviews.catalog.test-'), orders: await liveGroup(kafka, [TOPICS.orders], 'reviews.orders.test-') };
    consumers = await startReviewConsumers({
      kafka,
      logger,
      stores: h.deps,
      groupIds,
      fromBeginning: false,
      onHandled: (event, outcome) => outcomes.set(event.eventId, [...(outcomes.get(event.eventId) ?? []), outcome]),
    });
  });

  after(async () => {
    await consumers.stop();
    await Promise.all([producer.disconnect(), admin.disconnect()]);
    await h.close();
  });

  const verifiedFlag = async (reviewId: string) =>
    (await gql(h.url, 'query ($id: ID!) { review(id: $id) { verifiedPurchase } }', { id: reviewId })).data?.review
      ?.verifiedPurchase as boolean | undefined;

  test('ProductCreated on catalog.events makes a product reviewable; a later ProductDeleted makes it unreviewable', async () => {
    const productId = newId('prd');
    const author = await customer(h.issuer);
    assert.deepEqual((await submit(h.url, author.headers, { productId, rating: 4 })).errors?.[0]?.extensions?.code, 'NOT_FOUND');

    const created = productCreated(productId);
    await publishEvents(producer, TOPICS.catalog, [created]);
    await handled(created);
    await submitOk(h.url, author.headers, { productId, rating: 4 });

    const deleted = newEvent(ProductDeleted, {
      aggregateId: productId,
      data: { productId, variantIds: [], deletedAt: new Date().toISOString() },
    });
    await publishEvents(producer, TOPICS.catalog, [deleted]);
    await handled(deleted);
    const late = await customer(h.issuer);
    assert.deepEqual((await submit(h.url, late.headers, { productId, rating: 4 })).errors?.[0]?.extensions?.code, 'NOT_FOUND');
  });

  test('an order delivered before the review makes the review a verified purchase', async () => {
    const productId = await knownProduct(h.deps);
    const buyer = await customer(h.issuer);
    const delivered = orderDelivered(buyer.id, [productId, await knownProduct(h.deps)]);
    await publishEvents(producer, TOPICS.orders, [delivered]);
    await handled(delivered);

    const response = await submit(h.url, buyer.headers, { productId, rating: 5 });
    assert.equal(response.errors, undefined);
    assert.equal(response.data!.submitReview.verifiedPurchase, true);
    // Someone who bought nothing writes an unverified review of the same product.
    const browser = await customer(h.issuer);
    assert.equal((await submit(h.url, browser.headers, { productId, rating: 1 })).data!.submitReview.verifiedPurchase, false);
  });

  test('an order delivered after the review marks the existing review verified, and only that customer’s', async () => {
    const productId = await knownProduct(h.deps);
    const buyer = await customer(h.issuer);
    const other = await customer(h.issuer);
    const reviewId = await submitOk(h.url, buyer.headers, { productId, rating: 4 });
    const otherReviewId = await submitOk(h.url, other.headers, { productId, rating: 2 });
    assert.equal(await verifiedFlag(reviewId), false);

    const delivered = orderDelivered(buyer.id, [productId]);
    await publishEvents(producer, TOPICS.orders, [delivered]);
    await handled(delivered);
    assert.equal(await verifiedFlag(reviewId), true);
    assert.equal(await verifiedFlag(otherReviewId), false);
  });

  test('redelivering an event has no second effect: an old ProductCreated does not reactivate an archived product', async () => {
    const productId = newId('prd');
    const created = productCreated(productId, 'ACTIVE', new Date(Date.now() - 1000));
    const archived = productUpdated(productId, 'ARCHIVED');
    await publishEvents(producer, TOPICS.catalog, [created, archived]);
    await handled(archived);
    assert.deepEqual(await h.deps.products.findById(productId), { id: productId, status: 'ARCHIVED', deleted: false });

    // The same envelope again, as after a consumer crash before its offset commit.
    await publishEvents(producer, TOPICS.catalog, [created]);
    const seen = await handled(created, 2);
    assert.equal(seen[1], 'skipped', 'the inbox recognises the event it already finished');
    assert.deepEqual(await h.deps.products.findById(productId), { id: productId, status: 'ARCHIVED', deleted: false });
    const author = await customer(h.issuer);
    assert.deepEqual((await submit(h.url, author.headers, { productId, rating: 4 })).errors?.[0]?.extensions?.code, 'NOT_FOUND');
  });

  test('an OrderDelivered handled twice is applied once and skipped once, leaving one purchase and a done inbox entry', async () => {
    const handle = createMarkVerifiedWhenOrderDelivered(h.deps);
    const productId = await knownProduct(h.deps);
    const buyer = await customer(h.issuer);
    const event = orderDelivered(buyer.id, [productId, productId]);
    assert.equal(await handle(event), 'applied');
    assert.equal(await handle(event), 'skipped');
    assert.equal(await h.deps.inbox.stateOf(MARK_VERIFIED, event.eventId), 'done');
    assert.equal(await h.mongo.collection('purchases').countDocuments({ customerId: buyer.id }), 1);
    assert.equal(await handle(productCreated(productId)), 'ignored');
  });

  test('an event whose effect was interrupted after the inbox claim is applied on redelivery, not skipped', async () => {
    const handle = createMarkVerifiedWhenOrderDelivered(h.deps);
    const productId = await knownProduct(h.deps);
    const buyer = await customer(h.issuer);
    const reviewId = await submitOk(h.url, buyer.headers, { productId, rating: 3 });
    const event = orderDelivered(buyer.id, [productId]);
    // As if a previous attempt crashed between claiming the event and applying it.
    assert.equal(await h.deps.inbox.claim(MARK_VERIFIED, event), 'new');
    assert.equal(await handle(event), 'applied');
    assert.equal(await verifiedFlag(reviewId), true);
  });
});
