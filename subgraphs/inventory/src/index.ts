import { createEventProducer } from '@commerce/events';
import { startOutboxRelay } from '@commerce/outbox';
import { createAccessTokenVerifier, createKafka, createLogger, createPostgresDataSource, onShutdown } from '@commerce/service-kit';
import { createDeps } from './deps.ts';
import { env } from './env.ts';
import { startInventoryConsumers } from './events/consumers.ts';
import { startReservationSweeper } from './jobs/release-stock-when-reservation-expires.ts';
import { createServer } from './server.ts';
import { entities, migrations } from './store/index.ts';

async function main() {
  const logger = createLogger('inventory', env.LOG_LEVEL);
  const dataSource = await createPostgresDataSource({
    url: env.DATABASE_URL,
    applicationName: 'inventory',
    entities,
    migrations,
    logger,
  });
  const kafka = createKafka({ clientId: 'inventory', brokers: env.KAFKA_BROKERS, logger });
  const producer = createEventProducer(kafka, logger);
  await producer.connect();
  const relay = await startOutboxRelay({ producer, logger, databaseUrl: env.DATABASE_URL });

  const deps = createDeps({
    dataSource,
    logger,
    verifyToken: createAccessTokenVerifier(env, logger),
    reservationTtlSeconds: env.RESERVATION_TTL_SECONDS,
  });
  const server = await createServer({
    ...deps,
    readiness: [{ name: 'postgres', check: () => dataSource.query('select 1') }],
  });
  const port = await server.listen(env.PORT, env.HOST);
  logger.info({ url: `http://${env.HOST}:${port}/graphql` }, 'inventory subgraph ready');

  const consumers = await startInventoryConsumers({
    kafka,
    deps,
    logger,
    groups: { orders: env.ORDERS_CONSUMER_GROUP, catalog: env.CATALOG_CONSUMER_GROUP },
  });
  const sweeper = startReservationSweeper({
    reservations: deps.reservations,
    logger,
    intervalMs: env.RESERVATION_SWEEP_INTERVAL_MS,
  });

  onShutdown(logger, [
    { name: 'http', run: server.close },
    { name: 'consumers', run: () => consumers.stop() },
    { name: 'reservation sweeper', run: () => sweeper.stop() },
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
