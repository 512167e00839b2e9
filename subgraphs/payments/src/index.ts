import { pgOutboxRelay } from '@commerce/outbox';
import { createAccessTokenVerifier, postgresStore, runSubgraph } from '@commerce/service-kit';
import { createDeps } from './deps.ts';
import { env } from './env.ts';
import { consumerTable } from './events/consumers.ts';
import { startPaymentSweeper } from './jobs/settle-stalled-payments.ts';
import { createServer } from './server.ts';
import { entities, migrations } from './store/index.ts';

runSubgraph({
  name: 'payments',
  env,
  stores: { dataSource: postgresStore({ url: env.DATABASE_URL, entities, migrations }) },
  deps: ({ stores, logger }) =>
    createDeps({
      dataSource: stores.dataSource,
      logger,
      verifyToken: createAccessTokenVerifier(env, logger),
      sandbox: {
        latencyMs: { min: env.SANDBOX_GATEWAY_MIN_LATENCY_MS, max: Math.max(env.SANDBOX_GATEWAY_MIN_LATENCY_MS, env.SANDBOX_GATEWAY_MAX_LATENCY_MS) },
        transientFailures: env.SANDBOX_GATEWAY_TRANSIENT_FAILURES,
      },
    }),
  relay: () => pgOutboxRelay(env.DATABASE_URL),
  server: (deps, readiness) => createServer({ ...deps, readiness, sandboxBrowserOrigins: env.SANDBOX_CORS_ORIGINS }),
  consumers: consumerTable,
  jobs: (deps) => [
    {
      name: 'payment sweeper',
      start: () =>
        startPaymentSweeper({
          payments: deps.payments,
          processor: deps.processor,
          logger: deps.logger,
          intervalMs: env.PAYMENT_SWEEP_INTERVAL_MS,
          stallAfterMs: env.PAYMENT_STALL_AFTER_MS,
        }),
    },
  ],
});
