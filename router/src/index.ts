import { createAccessTokenVerifier, createKafka, createLogger, onShutdown, routerSigningSecret } from '@commerce/service-kit';
import { env, subgraphUrlOverrides } from './env.ts';
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
  const router = await createRouter({
    gateway,
    logger,
    verifyToken,
    introspection: env.NODE_ENV !== 'production',
    trustProxy: env.TRUST_PROXY,
    ...(env.KAFKA_BROKERS.length > 0 ? { kafka: createKafka({ clientId: 'router', brokers: env.KAFKA_BROKERS, logger }) } : {}),
    subscriptions: { queueLimit: env.SUBSCRIPTION_QUEUE_LIMIT, cursorKeys: env.SUBSCRIPTION_CURSOR_KEYS },
  });
  const port = await router.listen(env.PORT, env.HOST);
  logger.info({ url: `http://${env.HOST}:${port}/graphql` }, 'router ready');
  onShutdown(logger, [{ name: 'router', run: router.close }]);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
