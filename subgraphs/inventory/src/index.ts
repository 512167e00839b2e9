import { pgOutboxRelay } from '@commerce/outbox';
import { createAccessTokenVerifier, postgresStore, runSubgraph } from '@commerce/service-kit';
import { createDeps } from './deps.ts';
import { env } from './env.ts';
import { consumerTable } from './events/consumers.ts';
import { startReservationSweeper } from './jobs/release-stock-when-reservation-expires.ts';
import { createServer } from './server.ts';
import { entities, migrations } from './store/index.ts';

runSubgraph({
  name: 'inventory',
  env,
  stores: { dataSource: postgresStore({ url: env.DATABASE_URL, entities, migrations }) },
  deps: ({ stores, logger }) =>
    createDeps({ dataSource: stores.dataSource, logger, verifyToken: createAccessTokenVerifier(env, logger), reservationTtlSeconds: env.RESERVATION_TTL_SECONDS }),
  relay: () => pgOutboxRelay(env.DATABASE_URL),
  server: (deps, readiness) => createServer({ ...deps, readiness }),
  consumers: consumerTable,
  jobs: (deps) => [
    {
      name: 'reservation sweeper',
      start: () => startReservationSweeper({ reservations: deps.reservations, logger: deps.logger, intervalMs: env.RESERVATION_SWEEP_INTERVAL_MS }),
    },
  ],
});
