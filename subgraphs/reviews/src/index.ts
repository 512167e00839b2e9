import { TOPICS, createEventProducer } from '@commerce/events';
import { startMongoOutboxRelay } from '@commerce/outbox';
import { connectMongo, createAccessTokenVerifier, createKafka, createLogger, onShutdown, startPeriodic } from '@commerce/service-kit';
import { createDeps } from './deps.ts';
import { env } from './env.ts';
import { startReviewConsumers } from './events/consumers.ts';
import { createServer } from './server.ts';
import { publishDirtyRatings } from './services/rating-service.ts';
import { PRODUCTS_COLLECTION, ratingLock } from './store/product-store.ts';

async function main() {
  const logger = createLogger('reviews', env.LOG_LEVEL);
  const mongo = await connectMongo(env.MONGO_URL);
  const kafka = createKafka({ clientId: 'reviews', brokers: env.KAFKA_BROKERS, logger });
  const deps = await createDeps({
    connection: mongo,
    logger,
    verifyToken: createAccessTokenVerifier(env, logger),
  });
  const producer = createEventProducer(kafka, logger);
  await producer.connect();
  // ProductRatingChanged leaves through the products' outbox (docs/events.md#producing-the-transactional-outbox).
  const relay = startMongoOutboxRelay({
    connection: mongo,
    collectionName: PRODUCTS_COLLECTION,
    locks: deps.locks,
    lockName: ratingLock,
    topic: TOPICS.reviews,
    producer,
    logger,
  });
  deps.wakeRelay = relay.wake;
  const sweeper = startPeriodic({
    name: 'rating sweeper',
    intervalMs: env.RATING_SWEEP_INTERVAL_MS,
    logger,
    pass: () => publishDirtyRatings(deps, logger),
  });
  const server = await createServer({
    ...deps,
    readiness: [{ name: 'mongo', check: () => mongo.db!.command({ ping: 1 }) }],
  });
  const consumers = await startReviewConsumers({ kafka, logger, stores: deps, fromBeginning: true });
  const port = await server.listen(env.PORT, env.HOST);
  logger.info({ url: `http://${env.HOST}:${port}/graphql` }, 'reviews subgraph ready');
  onShutdown(logger, [
    { name: 'http', run: server.close },
    { name: 'kafka consumers', run: () => consumers.stop() },
    { name: 'rating sweeper', run: () => sweeper.stop() },
    { name: 'outbox relay', run: () => relay.stop() },
    { name: 'kafka producer', run: () => producer.disconnect() },
    { name: 'mongo', run: () => mongo.close() },
  ]);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
