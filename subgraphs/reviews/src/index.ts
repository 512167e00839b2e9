import { connectMongo, createAccessTokenVerifier, createKafka, createLogger, onShutdown } from '@commerce/service-kit';
import { createDeps } from './deps.ts';
import { env } from './env.ts';
import { startReviewConsumers } from './events/consumers.ts';
import { createServer } from './server.ts';

async function main() {
  const logger = createLogger('reviews', env.LOG_LEVEL);
  const mongo = await connectMongo(env.MONGO_URL);
  const kafka = createKafka({ clientId: 'reviews', brokers: env.KAFKA_BROKERS, logger });
  const deps = await createDeps({
    connection: mongo,
    logger,
    verifyToken: createAccessTokenVerifier(env, logger),
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
    { name: 'mongo', run: () => mongo.close() },
  ]);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
