import { createEventProducer } from '@commerce/events';
import { startOutboxRelay } from '@commerce/outbox';
import { createAccessTokenVerifier, createKafka, createLogger, createPostgresDataSource, onShutdown } from '@commerce/service-kit';
import { createDeps } from './deps.ts';
import { env } from './env.ts';
import { startPaymentConsumers } from './events/consumers.ts';
import { startPaymentSweeper } from './jobs/settle-stalled-payments.ts';
import { createServer } from './server.ts';
import { entities, migrations } from './store/index.ts';

async function main() {
  const logger = createLogger('payments', env.LOG_LEVEL);
  const dataSource = await createPostgresDataSource({
    url: env.DATABASE_URL,
    applicationName: 'payments',
    entities,
    migrations,
    logger,
  });
  const kafka = createKafka({ clientId: 'payments', brokers: env.KAFKA_BROKERS, logger });
  const producer = createEventProducer(kafka, logger);
  await producer.connect();
  const relay = await startOutboxRelay({ producer, logger, databaseUrl: env.DATABASE_URL });

  const deps = createDeps({
    dataSource,
    logger,
    verifyToken: createAccessTokenVerifier(env, logger),
    sandbox: {
      latencyMs: { min: env.SANDBOX_GATEWAY_MIN_LATENCY_MS, max: Math.max(env.SANDBOX_GATEWAY_MIN_LATENCY_MS, env.SANDBOX_GATEWAY_MAX_LATENCY_MS) },
      transientFailures: env.SANDBOX_GATEWAY_TRANSIENT_FAILURES,
    },
  });
  const server = await createServer({
    ...deps,
    readiness: [{ name: 'postgres', check: () => dataSource.query('select 1') }],
    sandboxBrowserOrigins: env.SANDBOX_CORS_ORIGINS,
  });
  const port = await server.listen(env.PORT, env.HOST);
  logger.info({ url: `http://${env.HOST}:${port}/graphql` }, 'payments subgraph ready');

  const consumers = await startPaymentConsumers({ kafka, deps, logger, groups: { orders: env.ORDERS_CONSUMER_GROUP } });
  const sweeper = startPaymentSweeper({
    payments: deps.payments,
    processor: deps.processor,
    logger,
    intervalMs: env.PAYMENT_SWEEP_INTERVAL_MS,
    stallAfterMs: env.PAYMENT_STALL_AFTER_MS,
  });

  onShutdown(logger, [
    { name: 'http', run: server.close },
    { name: 'consumers', run: () => consumers.stop() },
    { name: 'payment sweeper', run: () => sweeper.stop() },
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
