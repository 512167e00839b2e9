import { createLogger, onShutdown } from '@commerce/service-kit';
import { env, subgraphUrlOverrides } from './env.ts';
import { createGateway } from './gateway.ts';
import { createRouter } from './server.ts';

async function main() {
  const logger = createLogger('router', env.LOG_LEVEL);
  const gateway = createGateway({ supergraphPath: env.SUPERGRAPH_PATH, subgraphUrls: subgraphUrlOverrides(), logger });
  const router = await createRouter({ gateway, logger, introspection: env.NODE_ENV !== 'production' });
  const port = await router.listen(env.PORT, env.HOST);
  logger.info({ url: `http://${env.HOST}:${port}/graphql` }, 'router ready');
  onShutdown(logger, [{ name: 'router', run: router.close }]);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
