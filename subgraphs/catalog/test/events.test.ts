import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Kafka } from 'kafkajs';
import type { Connection } from 'mongoose';
import { TOPICS, createEventProducer, type EventEnvelope, type EventProducer } from '@commerce/events';
import { connectMongo, createKafka } from '@commerce/service-kit';
import { collectEvents, createTestIssuer, infra, testLogger, unique, type EventCollector } from '@commerce/testkit';
import type { Context } from '../src/context.ts';
import { createContext } from '../src/context.ts';
import { createDeps } from '../src/deps.ts';
import { startMongoOutboxRelay } from '@commerce/outbox';
import * as catalog from '../src/services/catalog-service.ts';

describe('catalog events through the document outbox', () => {
  const logger = testLogger('catalog-events');
  let mongo: Connection;
  let kafka: Kafka;
  let producer: EventProducer;
  let collector: EventCollector;
  let ctx: Context;

  before(async () => {
    mongo = await connectMongo(infra.mongoUrl('catalog'));
    const issuer = await createTestIssuer();
    const deps = await createDeps({ connection: mongo, logger, verifyToken: issuer.verifyToken, currency: 'EUR' });
    ctx = createContext(deps, { viewer: { id: 'cus_01JD3ZK5W7Y8X9Q2R3S4T5V6W7', roles: ['CUSTOMER', 'ADMIN'] }, correlationId: undefined });
    kafka = createKafka({ clientId: 'catalog-events-test', brokers: infra.kafkaBrokers, logger });
    producer = createEventProducer(kafka);
    await producer.connect();
    collector = await collectEvents(kafka, [TOPICS.catalog]);
  });

  after(async () => {
    await collector.stop();
    await producer.disconnect();
    await mongo.close();
  });

  const startRelay = () =>
    startMongoOutboxRelay({
      connection: mongo,
      collectionName: 'products',
      locks: ctx.locks,
      lockName: (id) => `product:${id}`,
      topic: TOPICS.catalog,
      producer,
      logger,
      pollIntervalMs: 100,
    });
  const eventsOf = (productId: string) => collector.of(productId);
  const until = (condition: () => boolean) => collector.until(condition);

  test('a product written while no relay runs keeps its event in the document; a relay later publishes it exactly once', async () => {
    const product = await catalog.createProduct(ctx, {
      slug: unique('evt-'),
      name: 'Evented',
      variants: [{ sku: unique('E-'), price: { amount: '4.20', currencyCode: 'EUR' } }],
    });
    const pending = await mongo.collection('products').findOne({ _id: product.id as never });
    assert.deepEqual(pending!.outbox.map((e: EventEnvelope) => e.eventType), ['ProductCreated']);
    assert.equal(pending!.outboxPending, true, 'the relay finds pending documents by this flag');
    await sleep(1000);
    assert.equal(eventsOf(product.id).length, 0);

    const relay = startRelay();
    try {
      await until(() => eventsOf(product.id).length > 0);
      await sleep(1000);
    } finally {
      await relay.stop();
    }
    assert.deepEqual(eventsOf(product.id).map((e) => e.eventType), ['ProductCreated']);
    const data = eventsOf(product.id)[0]!.data as { variants: { price: { amount: number } }[] };
    assert.equal(data.variants[0]!.price.amount, 420);
    const published = await mongo.collection('products').findOne({ _id: product.id as never });
    assert.deepEqual(published!.outbox, []);
    assert.equal(published!.outboxPending, false, 'an emptied outbox is no longer polled');
  });

  test('no event is lost or duplicated when price updates race the relay on one product', async () => {
    const skus = Array.from({ length: 10 }, () => unique('R-'));
    const product = await catalog.createProduct(ctx, {
      slug: unique('race-'),
      name: 'Raced',
      variants: skus.map((sku) => ({ sku, price: { amount: '1', currencyCode: 'EUR' } })),
    });
    const relay = startRelay();
    try {
      await Promise.all(
        skus.flatMap((sku, i) =>
          [2, 3].map((step) => catalog.updatePrices(ctx, [{ sku, price: { amount: `${step}.${String(i).padStart(2, '0')}`, currencyCode: 'EUR' } }])),
        ),
      );
      await until(() => eventsOf(product.id).filter((e) => e.eventType === 'PriceChanged').length >= 20);
      await sleep(1000);
    } finally {
      await relay.stop();
    }
    const changes = eventsOf(product.id).filter((e) => e.eventType === 'PriceChanged');
    assert.equal(changes.length, 20, 'one PriceChanged per update, none lost, none twice');
    assert.equal(new Set(changes.map((e) => e.eventId)).size, 20);
    const doc = await mongo.collection('products').findOne({ _id: product.id as never });
    assert.deepEqual(doc!.outbox, []);
    assert.equal(doc!.outboxPending, false);
    // Per product, events arrive in the order they were written: each SKU's prices chain up.
    for (const sku of skus.map((s) => s.toUpperCase())) {
      const chain = changes
        .map((e) => e.data as { sku: string; oldPrice: { amount: number }; newPrice: { amount: number } })
        .filter((c) => c.sku === sku);
      assert.equal(chain.length, 2);
      assert.equal(chain[0]!.oldPrice.amount, 100);
      assert.equal(chain[1]!.oldPrice.amount, chain[0]!.newPrice.amount);
    }
  });
});
