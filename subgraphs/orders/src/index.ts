import { createEventProducer } from '@commerce/events';
import { startOutboxRelay } from '@commerce/outbox';
import { createAccessTokenVerifier, createKafka, createLogger, createPostgresDataSource, onShutdown } from '@commerce/service-kit';
import { createDeps } from './deps.ts';
import { env, freeStandardFrom } from './env.ts';
import { startExpirySweeper } from './jobs/cancel-orders-when-payment-times-out.ts';
import { startOrdersConsumers } from './events/consumers.ts';
import { createServer } from './server.ts';
import { entities, migrations } from './store/index.ts';

async function main() {
  const logger = createLogger('orders', env.LOG_LEVEL);
  const dataSource = await createPostgresDataSource({
    url: env.DATABASE_URL,
    applicationName: 'orders',
    entities,
    migrations,
    logger,
  });
  const kafka = createKafka({ clientId: 'orders', brokers: env.KAFKA_BROKERS, logger });
  const producer = createEventProducer(kafka, logger);
  await producer.connect();
  const relay = env.OUTBOX_RELAY ? await startOutboxRelay({ producer, logger, databaseUrl: env.DATABASE_URL }) : undefined;

  const deps = createDeps({
    dataSource,
    logger,
    verifyToken: createAccessTokenVerifier(env, logger),
    currency: env.STORE_CURRENCY,
    freeStandardFrom,
  });
  const server = await createServer({
    ...deps,
    readiness: [{ name: 'postgres', check: () => dataSource.query('select 1') }],
  });
  const port = await server.listen(env.PORT, env.HOST);
  logger.info({ url: `http://${env.HOST}:${port}/graphql` }, 'orders subgraph ready');

  const consumers = await startOrdersConsumers({
    kafka,
    deps,
    logger,
    groups: { catalog: env.CATALOG_CONSUMER_GROUP, saga: env.SAGA_CONSUMER_GROUP, customers: env.CUSTOMERS_CONSUMER_GROUP },
  });
  const sweeper = startExpirySweeper({
    orders: deps.orders,
    logger,
    timeoutSeconds: env.ORDER_PAYMENT_TIMEOUT_SECONDS,
    intervalMs: env.ORDER_EXPIRY_SWEEP_INTERVAL_MS,
  });

  onShutdown(logger, [
    { name: 'http', run: server.close },
    { name: 'consumers', run: () => consumers.stop() },
    { name: 'expiry sweeper', run: () => sweeper.stop() },
    // After the writers, so events their last transactions enqueued still go out.
    { name: 'outbox relay', run: async () => relay?.stop() },
    { name: 'kafka', run: () => producer.disconnect() },
    { name: 'postgres', run: () => dataSource.destroy() },
  ]);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
