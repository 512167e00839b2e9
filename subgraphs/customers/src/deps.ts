import type { Pool } from 'pg';
import type { DataSource } from 'typeorm';
import { createLocalVerifier, type Logger, type TokenSettings } from '@commerce/service-kit';
import type { SigningKeys } from './auth/keys.ts';
import { createLoginThrottle, type ThrottleSettings } from './auth/throttle.ts';
import type { Deps } from './context.ts';
import { createAddressStore } from './store/address-store.ts';
import { createCustomerStore } from './store/customer-store.ts';
import { createSessionStore } from './store/session-store.ts';

/** Wires stores and auth over already-open connections (shared by main and the tests). */
export async function createDeps(options: {
  dataSource: DataSource;
  pool: Pool;
  logger: Logger;
  keys: SigningKeys;
  tokenSettings: TokenSettings;
  throttle: ThrottleSettings;
  /** Waits out a sign-in slowdown (tests record it instead). */
  throttleSleep?: (ms: number) => Promise<void>;
  /** How long a session's `active` answer is trusted by this service's own token checks. */
  sessionCacheSeconds: number;
  /** Shared with the router, which signs the client address it forwards with it. */
  routerSigningSecret: string;
}): Promise<Deps> {
  const sessions = createSessionStore(options.dataSource);
  return {
    logger: options.logger,
    customers: createCustomerStore(options.dataSource),
    addresses: createAddressStore(options.dataSource),
    sessions,
    throttle: await createLoginThrottle(options.pool, options.throttle, options.throttleSleep),
    keys: options.keys,
    tokenSettings: options.tokenSettings,
    // The issuer checks its own tokens with its own keys and sessions: no HTTP round trip to itself.
    verifyToken: createLocalVerifier(options.keys.jwks, options.tokenSettings, {
      sessions: { lookup: (sid) => sessions.status(sid), cacheSeconds: options.sessionCacheSeconds, logger: options.logger },
    }),
    routerSigningSecret: options.routerSigningSecret,
  };
}
