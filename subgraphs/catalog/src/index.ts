import { TOPICS, createEventProducer } from '@commerce/events';
import { connectMongo, createAccessTokenVerifier, createKafka, createLogger, onShutdown } from '@commerce/service-kit';
import { createDeps } from './deps.ts';
import { env } from './env.ts';
import { startMongoOutboxRelay } from '@commerce/outbox';
import { createServer } from './server.ts';
import { productLock } from './store/product-store.ts';

async function main() {
  const logger = createLogger('catalog', env.LOG_LEVEL);
  const mongo = await connectMongo(env.MONGO_URL);
  const kafka = createKafka({ clientId: 'catalog', brokers: env.KAFKA_BROKERS, logger });
  const producer = createEventProducer(kafka, logger);
  await producer.connect();
  let wake = () => undefined as void;
  const deps = await createDeps({
    connection: mongo,
    logger,
    verifyToken: createAccessTokenVerifier(env, logger),
    currency: env.STORE_CURRENCY,
    eventsWritten: () => wake(),
  });
  const relay = startMongoOutboxRelay({
    connection: mongo,
    collectionName: deps.products.collectionName,
    locks: deps.locks,
    lockName: productLock,
    topic: TOPICS.catalog,
    producer,
    logger,
  });
  wake = relay.wake;
  const server = await createServer({
    ...deps,
    readiness: [{ name: 'mongo', check: () => mongo.db!.command({ ping: 1 }) }],
  });
  const port = await server.listen(env.PORT, env.HOST);
  logger.info({ url: `http://${env.HOST}:${port}/graphql` }, 'catalog subgraph ready');
  onShutdown(logger, [
    { name: 'http', run: server.close },
    { name: 'outbox relay', run: () => relay.stop() },
    { name: 'kafka', run: () => producer.disconnect() },
    { name: 'mongo', run: () => mongo.close() },
  ]);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
