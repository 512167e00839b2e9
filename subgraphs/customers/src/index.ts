import { createEventProducer } from '@commerce/events';
import { startOutboxRelay } from '@commerce/outbox';
import { createKafka, createLogger, createPgPool, createPostgresDataSource, onShutdown, routerSigningSecret } from '@commerce/service-kit';
import { loadSigningKeys } from './auth/keys.ts';
import { createDeps } from './deps.ts';
import { env } from './env.ts';
import { createServer } from './server.ts';
import { ensureAdmin } from './services/auth-service.ts';
import { entities, migrations } from './store/customer-store.ts';

async function main() {
  const logger = createLogger('customers', env.LOG_LEVEL);
  const dataSource = await createPostgresDataSource({
    url: env.DATABASE_URL,
    applicationName: 'customers',
    entities,
    migrations,
    logger,
  });
  const pool = createPgPool({ connectionString: env.DATABASE_URL, max: 4, application_name: 'customers-throttle' }, logger);
  const kafka = createKafka({ clientId: 'customers', brokers: env.KAFKA_BROKERS, logger });
  const producer = createEventProducer(kafka, logger);
  await producer.connect();
  const relay = await startOutboxRelay({ producer, logger, databaseUrl: env.DATABASE_URL });

  const keys = await loadSigningKeys({
    json: env.AUTH_SIGNING_KEYS,
    file: env.AUTH_SIGNING_KEYS_FILE,
    allowGenerate: env.NODE_ENV !== 'production',
  });
  const deps = await createDeps({
    dataSource,
    pool,
    logger,
    keys,
    tokenSettings: { issuer: env.AUTH_ISSUER, audience: env.AUTH_AUDIENCE },
    sessionCacheSeconds: env.AUTH_SESSION_CACHE_SECONDS,
    routerSigningSecret: routerSigningSecret(env),
    throttle: {
      accountAddressFailures: env.LOGIN_MAX_ACCOUNT_ADDRESS_FAILURES,
      addressFailures: env.LOGIN_MAX_ADDRESS_FAILURES,
      windowSeconds: env.LOGIN_WINDOW_SECONDS,
      slowAfter: env.LOGIN_SLOW_AFTER,
      slowStepMs: env.LOGIN_SLOW_STEP_MS,
      slowMaxMs: env.LOGIN_SLOW_MAX_MS,
    },
  });
  if (env.ADMIN_EMAIL && env.ADMIN_PASSWORD) {
    await ensureAdmin(deps, { email: env.ADMIN_EMAIL, password: env.ADMIN_PASSWORD });
  }

  const server = await createServer({
    ...deps,
    readiness: [{ name: 'postgres', check: () => dataSource.query('select 1') }],
  });
  const port = await server.listen(env.PORT, env.HOST);
  logger.info({ url: `http://${env.HOST}:${port}/graphql` }, 'customers subgraph ready');
  onShutdown(logger, [
    { name: 'http', run: server.close },
    { name: 'outbox relay', run: () => relay.stop() },
    { name: 'kafka', run: () => producer.disconnect() },
    { name: 'postgres', run: async () => Promise.all([pool.end(), dataSource.destroy()]) },
  ]);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
