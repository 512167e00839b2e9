import type { Pool } from 'pg';
import { RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';
import { userError } from '@commerce/service-kit';

export interface ThrottleSettings {
  /** Failed logins one account may have before it is locked. */
  accountFailures: number;
  /** Failed logins one client address may have before it is locked. */
  addressFailures: number;
  /** Window in seconds the failures are counted over, and how long a lock lasts. */
  windowSeconds: number;
  /** Failures after which each further attempt is slowed down. */
  slowAfter: number;
  /** Delay added per failure beyond `slowAfter`, in ms (capped at 3 s). */
  slowStepMs: number;
}

export interface LoginThrottle {
  /** Throws RATE_LIMITED while the account or the address is locked; otherwise waits the slowdown. */
  before(email: string, address: string): Promise<void>;
  /** Counts a failure against both keys. */
  failed(email: string, address: string): Promise<void>;
  /** Forgets the account's failures after a successful login. */
  succeeded(email: string): Promise<void>;
}

/**
 * Brute-force protection shared by every replica through PostgreSQL (rate-limiter-flexible
 * keeps the counters in its own table). Failures are slowed down, then refused for a while.
 */
export async function createLoginThrottle(pool: Pool, settings: ThrottleSettings): Promise<LoginThrottle> {
  const limiter = (keyPrefix: string, points: number) =>
    new Promise<RateLimiterPostgres>((resolve, reject) => {
      const created: RateLimiterPostgres = new RateLimiterPostgres(
        {
          storeClient: pool,
          tableName: 'login_throttle',
          keyPrefix,
          points,
          duration: settings.windowSeconds,
          blockDuration: settings.windowSeconds,
          clearExpiredByTimeout: true,
        },
        (err?: Error) => (err ? reject(err) : resolve(created)),
      );
    });
  const byAccount = await limiter('login_account', settings.accountFailures);
  const byAddress = await limiter('login_address', settings.addressFailures);

  const refuse = (msBeforeNext: number) =>
    userError('RATE_LIMITED', 'Too many failed sign-in attempts. Try again later.', {
      retryAfterSeconds: Math.max(1, Math.ceil(msBeforeNext / 1000)),
    });

  return {
    async before(email, address) {
      const [account, client] = await Promise.all([byAccount.get(email), byAddress.get(address)]);
      for (const [state, points] of [
        [account, settings.accountFailures],
        [client, settings.addressFailures],
      ] as const) {
        if (state && state.consumedPoints >= points) throw refuse(state.msBeforeNext);
      }
      const failures = Math.max(account?.consumedPoints ?? 0, client?.consumedPoints ?? 0);
      if (failures < settings.slowAfter) return;
      const delay = Math.min((failures - settings.slowAfter + 1) * settings.slowStepMs, 3000);
      if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
    },
    async failed(email, address) {
      await Promise.all(
        [byAccount.penalty(email, 1), byAddress.penalty(address, 1)].map((p) =>
          p.catch((err: unknown) => {
            if (!(err instanceof RateLimiterRes)) throw err;
          }),
        ),
      );
    },
    async succeeded(email) {
      await byAccount.delete(email);
    },
  };
}
