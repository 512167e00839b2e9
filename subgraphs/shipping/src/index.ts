import { createEventProducer } from '@commerce/events';
import { startOutboxRelay } from '@commerce/outbox';
import { createAccessTokenVerifier, createKafka, createLogger, createPostgresDataSource, onShutdown } from '@commerce/service-kit';
import { createSandboxCarrier } from './sandbox/carrier.ts';
import { startSandboxCarrierWorker } from './sandbox/carrier-worker.ts';
import { createDeps } from './deps.ts';
import { env } from './env.ts';
import { startShippingConsumers } from './events/consumers.ts';
import { createServer } from './server.ts';
import { entities, migrations } from './store/index.ts';

async function main() {
  const logger = createLogger('shipping', env.LOG_LEVEL);
  const dataSource = await createPostgresDataSource({
    url: env.DATABASE_URL,
    applicationName: 'shipping',
    entities,
    migrations,
    logger,
  });
  const kafka = createKafka({ clientId: 'shipping', brokers: env.KAFKA_BROKERS, logger });
  const producer = createEventProducer(kafka, logger);
  await producer.connect();
  const relay = await startOutboxRelay({ producer, logger, databaseUrl: env.DATABASE_URL });

  const deps = createDeps({
    dataSource,
    logger,
    verifyToken: createAccessTokenVerifier(env, logger),
    carrier: createSandboxCarrier(),
    currency: env.STORE_CURRENCY,
  });
  const server = await createServer({
    ...deps,
    readiness: [{ name: 'postgres', check: () => dataSource.query('select 1') }],
  });
  const port = await server.listen(env.PORT, env.HOST);
  logger.info({ url: `http://${env.HOST}:${port}/graphql` }, 'shipping subgraph ready');

  const consumers = await startShippingConsumers({ kafka, deps, logger, groups: { orders: env.ORDERS_CONSUMER_GROUP } });
  const carrierWorker = startSandboxCarrierWorker({ shipments: deps.shipments, logger, intervalMs: env.SANDBOX_CARRIER_STEP_MS });

  onShutdown(logger, [
    { name: 'http', run: server.close },
    { name: 'consumers', run: () => consumers.stop() },
    { name: 'sandbox carrier', run: () => carrierWorker.stop() },
    // After the writers, so events their last transactions enqueued still go out.
    { name: 'outbox relay', run: () => relay.stop() },
    { name: 'kafka', run: () => producer.disconnect() },
    { name: 'postgres', run: () => dataSource.destroy() },
  ]);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
