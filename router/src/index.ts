import cluster from 'node:cluster';
import { createAccessTokenVerifier, createKafka, createLogger, createPgPool, onShutdown, routerSigningSecret } from '@commerce/service-kit';
import { env, guardrailsFrom, subgraphUrlOverrides } from './env.ts';
import { createGateway } from './gateway.ts';
import { createTrustedDocuments } from './persisted/index.ts';
import { createRouter } from './server.ts';
import { runWorkers } from './workers.ts';

async function main() {
  const logger = createLogger('router', env.LOG_LEVEL);
  const gateway = createGateway({
    supergraphPath: env.SUPERGRAPH_PATH,
    subgraphUrls: subgraphUrlOverrides(),
    signingSecret: routerSigningSecret(env),
    merge: env.SUBGRAPH_REQUEST_MERGING,
    logger,
  });
  const verifyToken = createAccessTokenVerifier(env, logger);
  // The replicas' shared database: APQ registrations and rate limit counters. Short timeouts:
  // while PostgreSQL is away the limiter counts in memory and APQ misses instead of waiting.
  const pool = env.DATABASE_URL
    ? createPgPool({ connectionString: env.DATABASE_URL, max: 5, connectionTimeoutMillis: 1_000, query_timeout: 1_000, application_name: 'router' }, logger)
    : undefined;
  const trustedDocuments = await createTrustedDocuments({
    manifestsDir: env.TRUSTED_DOCUMENTS_DIR,
    mode: env.TRUSTED_DOCUMENTS,
    persistedOnly: env.PERSISTED_ONLY_CLIENTS,
    ...(pool ? { pool } : {}),
    apqTtlSeconds: env.APQ_TTL_SECONDS === 0 ? null : env.APQ_TTL_SECONDS,
    logger,
  });
  const router = await createRouter({
    gateway,
    logger,
    verifyToken,
    mergeOperations: env.OPERATION_MERGING,
    introspection: env.NODE_ENV !== 'production',
    trustProxy: env.TRUST_PROXY,
    publicGetMaxAgeSeconds: env.PUBLIC_GET_MAX_AGE_SECONDS,
    trustedDocuments,
    guardrails: guardrailsFrom(env),
    ...(pool ? { rateLimitPool: pool } : {}),
    ...(env.KAFKA_BROKERS.length > 0 ? { kafka: createKafka({ clientId: 'router', brokers: env.KAFKA_BROKERS, logger }) } : {}),
    subscriptions: { queueLimit: env.SUBSCRIPTION_QUEUE_LIMIT, cursorKeys: env.SUBSCRIPTION_CURSOR_KEYS },
  });
  const port = await router.listen(env.PORT, env.HOST);
  logger.info({ url: `http://${env.HOST}:${port}/graphql` }, 'router ready');
  onShutdown(logger, [
    { name: 'router', run: router.close },
    { name: 'router database', run: async () => pool?.end() },
  ]);
}

if (cluster.isPrimary && env.ROUTER_WORKERS > 1) {
  runWorkers({ count: env.ROUTER_WORKERS, cursorKeys: env.SUBSCRIPTION_CURSOR_KEYS, logger: createLogger('router', env.LOG_LEVEL) });
} else {
  main().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
