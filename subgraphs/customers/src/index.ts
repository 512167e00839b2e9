import { pgOutboxRelay } from '@commerce/outbox';
import { pgPoolStore, postgresStore, routerSigningSecret, runSubgraph } from '@commerce/service-kit';
import { loadSigningKeys } from './auth/keys.ts';
import { createDeps } from './deps.ts';
import { env } from './env.ts';
import { createServer } from './server.ts';
import { ensureAdmin } from './services/auth-service.ts';
import { entities, migrations } from './store/customer-store.ts';

runSubgraph({
  name: 'customers',
  env,
  stores: {
    dataSource: postgresStore({ url: env.DATABASE_URL, entities, migrations }),
    pool: pgPoolStore({ connectionString: env.DATABASE_URL, max: 4, application_name: 'customers-throttle' }),
  },
  deps: async ({ stores, logger }) => {
    const keys = await loadSigningKeys({
      json: env.AUTH_SIGNING_KEYS,
      file: env.AUTH_SIGNING_KEYS_FILE,
      allowGenerate: env.NODE_ENV !== 'production',
    });
    const deps = await createDeps({
      dataSource: stores.dataSource,
      pool: stores.pool,
      logger,
      keys,
      tokenSettings: { issuer: env.AUTH_ISSUER, audience: env.AUTH_AUDIENCE },
      sessionCacheSeconds: env.AUTH_SESSION_CACHE_SECONDS,
      routerSigningSecret: routerSigningSecret(env),
      throttle: {
        accountAddressFailures: env.LOGIN_MAX_ACCOUNT_ADDRESS_FAILURES,
        addressFailures: env.LOGIN_MAX_ADDRESS_FAILURES,
        windowSeconds: env.LOGIN_WINDOW_SECONDS,
        slowAfter: env.LOGIN_SLOW_AFTER,
        slowStepMs: env.LOGIN_SLOW_STEP_MS,
        slowMaxMs: env.LOGIN_SLOW_MAX_MS,
      },
    });
    if (env.ADMIN_EMAIL && env.ADMIN_PASSWORD) {
      await ensureAdmin(deps, { email: env.ADMIN_EMAIL, password: env.ADMIN_PASSWORD });
    }
    return deps;
  },
  relay: () => pgOutboxRelay(env.DATABASE_URL),
  server: (deps, readiness) => createServer({ ...deps, readiness }),
});
