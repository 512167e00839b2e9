import { pgOutboxRelay } from '@commerce/outbox';
import { createAccessTokenVerifier, postgresStore, runSubgraph } from '@commerce/service-kit';
import { createDeps } from './deps.ts';
import { env, freeStandardFrom } from './env.ts';
import { consumerTable } from './events/consumers.ts';
import { startExpirySweeper } from './jobs/cancel-orders-when-payment-times-out.ts';
import { createServer } from './server.ts';
import { entities, migrations } from './store/index.ts';

runSubgraph({
  name: 'orders',
  env,
  stores: { dataSource: postgresStore({ url: env.DATABASE_URL, entities, migrations }) },
  deps: ({ stores, logger }) =>
    createDeps({ dataSource: stores.dataSource, logger, verifyToken: createAccessTokenVerifier(env, logger), currency: env.STORE_CURRENCY, freeStandardFrom }),
  relay: () => (env.OUTBOX_RELAY ? pgOutboxRelay(env.DATABASE_URL) : undefined),
  server: (deps, readiness) => createServer({ ...deps, readiness }),
  consumers: consumerTable,
  jobs: (deps) => [
    {
      name: 'expiry sweeper',
      start: () =>
        startExpirySweeper({
          orders: deps.orders,
          logger: deps.logger,
          timeoutSeconds: env.ORDER_PAYMENT_TIMEOUT_SECONDS,
          intervalMs: env.ORDER_EXPIRY_SWEEP_INTERVAL_MS,
        }),
    },
  ],
});
