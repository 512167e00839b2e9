import { TOPICS } from '@commerce/events';
import { mongoOutboxRelay } from '@commerce/outbox';
import { createAccessTokenVerifier, mongoStore, runSubgraph } from '@commerce/service-kit';
import { createDeps } from './deps.ts';
import { env } from './env.ts';
import { createServer } from './server.ts';
import { productLock } from './store/product-store.ts';

runSubgraph({
  name: 'catalog',
  env,
  stores: { mongo: mongoStore(env.MONGO_URL) },
  deps: ({ stores, logger, wakeRelay }) =>
    createDeps({
      connection: stores.mongo,
      logger,
      verifyToken: createAccessTokenVerifier(env, logger),
      currency: env.STORE_CURRENCY,
      eventsWritten: wakeRelay,
    }),
  relay: ({ stores, deps }) =>
    mongoOutboxRelay({
      connection: stores.mongo,
      collectionName: deps.products.collectionName,
      locks: deps.locks,
      lockName: productLock,
      topic: TOPICS.catalog,
    }),
  server: (deps, readiness) => createServer({ ...deps, readiness }),
});
