import { connectMongo, createJwksVerifier, createLogger, onShutdown } from '@commerce/service-kit';
import { env } from './env.ts';
import { createServer } from './server.ts';
import { createProductStore } from './store/product-store.ts';

async function main() {
  const logger = createLogger('catalog', env.LOG_LEVEL);
  const mongo = await connectMongo(env.MONGO_URL);
  const server = await createServer({
    logger,
    products: await createProductStore(mongo),
    verifyToken: createJwksVerifier(env.AUTH_JWKS_URL, { issuer: env.AUTH_ISSUER, audience: env.AUTH_AUDIENCE }),
    readiness: [{ name: 'mongo', check: () => mongo.db!.command({ ping: 1 }) }],
  });
  const port = await server.listen(env.PORT, env.HOST);
  logger.info({ url: `http://${env.HOST}:${port}/graphql` }, 'catalog subgraph ready');
  onShutdown(logger, [
    { name: 'http', run: server.close },
    { name: 'mongo', run: () => mongo.close() },
  ]);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
