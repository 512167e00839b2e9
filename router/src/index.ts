import pg from 'pg';
import { createAccessTokenVerifier, createKafka, createLogger, onShutdown, routerSigningSecret } from '@commerce/service-kit';
import { env, guardrailsFrom, subgraphUrlOverrides } from './env.ts';
import { createGateway } from './gateway.ts';
import { createRouter } from './server.ts';

async function main() {
  const logger = createLogger('router', env.LOG_LEVEL);
  const gateway = createGateway({
    supergraphPath: env.SUPERGRAPH_PATH,
    subgraphUrls: subgraphUrlOverrides(),
    signingSecret: routerSigningSecret(env),
    logger,
  });
  const verifyToken = createAccessTokenVerifier(env, logger);
  // Short timeouts: while PostgreSQL is away the rate limiter counts in memory instead of waiting.
  const rateLimitPool = env.DATABASE_URL
    ? new pg.Pool({ connectionString: env.DATABASE_URL, max: 5, connectionTimeoutMillis: 1_000, query_timeout: 1_000, application_name: 'router' })
    : undefined;
  rateLimitPool?.on('error', (err) => logger.warn({ err }, 'rate limit store connection lost'));
  const router = await createRouter({
    gateway,
    logger,
    verifyToken,
    introspection: env.NODE_ENV !== 'production',
    trustProxy: env.TRUST_PROXY,
    guardrails: guardrailsFrom(env),
    ...(rateLimitPool ? { rateLimitPool } : {}),
    ...(env.KAFKA_BROKERS.length > 0 ? { kafka: createKafka({ clientId: 'router', brokers: env.KAFKA_BROKERS, logger }) } : {}),
    subscriptions: { queueLimit: env.SUBSCRIPTION_QUEUE_LIMIT, cursorKeys: env.SUBSCRIPTION_CURSOR_KEYS },
  });
  const port = await router.listen(env.PORT, env.HOST);
  logger.info({ url: `http://${env.HOST}:${port}/graphql` }, 'router ready');
  onShutdown(logger, [
    { name: 'router', run: router.close },
    { name: 'rate limit store', run: async () => rateLimitPool?.end() },
  ]);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
