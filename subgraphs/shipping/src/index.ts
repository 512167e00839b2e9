import { pgOutboxRelay } from '@commerce/outbox';
import { createAccessTokenVerifier, postgresStore, runSubgraph } from '@commerce/service-kit';
import { createDeps } from './deps.ts';
import { env } from './env.ts';
import { consumerTable } from './events/consumers.ts';
import { createSandboxCarrier } from './sandbox/carrier.ts';
import { startSandboxCarrierWorker } from './sandbox/carrier-worker.ts';
import { createServer } from './server.ts';
import { entities, migrations } from './store/index.ts';

runSubgraph({
  name: 'shipping',
  env,
  stores: { dataSource: postgresStore({ url: env.DATABASE_URL, entities, migrations }) },
  deps: ({ stores, logger }) =>
    createDeps({
      dataSource: stores.dataSource,
      logger,
      verifyToken: createAccessTokenVerifier(env, logger),
      carrier: createSandboxCarrier(),
      currency: env.STORE_CURRENCY,
    }),
  relay: () => pgOutboxRelay(env.DATABASE_URL),
  server: (deps, readiness) => createServer({ ...deps, readiness }),
  consumers: consumerTable,
  jobs: (deps) => [
    {
      name: 'sandbox carrier',
      start: () => startSandboxCarrierWorker({ shipments: deps.shipments, logger: deps.logger, intervalMs: env.SANDBOX_CARRIER_STEP_MS }),
    },
  ],
});
