import { TOPICS } from '@commerce/events';
import { mongoOutboxRelay } from '@commerce/outbox';
import { createAccessTokenVerifier, mongoStore, runSubgraph, startPeriodic } from '@commerce/service-kit';
import { createDeps } from './deps.ts';
import { env } from './env.ts';
import { consumerTable } from './events/consumers.ts';
import { createServer } from './server.ts';
import { publishDirtyRatings } from './services/rating-service.ts';
import { PRODUCTS_COLLECTION, ratingLock } from './store/product-store.ts';

runSubgraph({
  name: 'reviews',
  env,
  stores: { mongo: mongoStore(env.MONGO_URL) },
  deps: async ({ stores, logger, wakeRelay }) => ({
    ...(await createDeps({ connection: stores.mongo, logger, verifyToken: createAccessTokenVerifier(env, logger) })),
    wakeRelay,
  }),
  // ProductRatingChanged leaves through the products' outbox (docs/events.md#producing-the-transactional-outbox).
  relay: ({ stores, deps }) =>
    mongoOutboxRelay({ connection: stores.mongo, collectionName: PRODUCTS_COLLECTION, locks: deps.locks, lockName: ratingLock, topic: TOPICS.reviews }),
  server: (deps, readiness) => createServer({ ...deps, readiness }),
  consumers: (deps) => consumerTable({ stores: deps, logger: deps.logger }),
  jobs: (deps) => [
    {
      name: 'rating sweeper',
      start: () =>
        startPeriodic({ name: 'rating sweeper', intervalMs: env.RATING_SWEEP_INTERVAL_MS, logger: deps.logger, pass: () => publishDirtyRatings(deps, deps.logger) }),
    },
  ],
});
