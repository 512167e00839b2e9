import { createHash } from 'node:crypto';
import type { Pool } from 'pg';
import { RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';
import { userError } from '@commerce/service-kit';

export interface ThrottleSettings {
  /** Failed sign-ins one account may have from one client address before that pair is locked. */
  accountAddressFailures: number;
  /** Failed sign-ins one client address may have (any accounts) before the address is locked. */
  addressFailures: number;
  /** Window in seconds the failures are counted over, and how long a lock lasts. */
  windowSeconds: number;
  /** An account's failures (from any address) after which its sign-in answers are slowed. */
  slowAfter: number;
  /** Delay added per account failure beyond `slowAfter`, in ms. */
  slowStepMs: number;
  /** The longest delay, in ms, however many failures. */
  slowMaxMs: number;
}

export interface LoginThrottle {
  /** Throws RATE_LIMITED while the (account, address) pair or the address is locked; otherwise waits the account's slowdown. */
  before(email: string, address: string): Promise<void>;
  /** Counts a failure against the pair, the address and the account. */
  failed(email: string, address: string): Promise<void>;
  /** Forgets the pair's failures after a successful sign-in. */
  succeeded(email: string, address: string): Promise<void>;
}

/**
 * How long an account's sign-in answers are held back after `failures` failed attempts on
 * it: nothing up to `slowAfter`, then one step more per failure, at most `slowMaxMs`.
 */
export function signInDelayMs(failures: number, settings: Pick<ThrottleSettings, 'slowAfter' | 'slowStepMs' | 'slowMaxMs'>): number {
  if (failures < settings.slowAfter) return 0;
  return Math.min((failures - settings.slowAfter + 1) * settings.slowStepMs, settings.slowMaxMs);
}

const sleepFor = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** A fixed-length key: the counter table's keys are at most 255 characters, emails up to 254. */
const keyOf = (...parts: string[]) => createHash('sha256').update(parts.join('\n')).digest('base64url');

/**
 * Brute-force protection shared by every replica through PostgreSQL (rate-limiter-flexible
 * keeps the counters in its own table). The hard lock is per (account, client address), so
 * someone who knows an email cannot lock its owner out: the owner signing in from elsewhere
 * still gets in. Guessing one account from many addresses is slowed instead (bounded, so the
 * owner still gets an answer), and one address guessing many accounts is locked.
 */
export async function createLoginThrottle(
  pool: Pool,
  settings: ThrottleSettings,
  /** Waits out the slowdown; tests pass a recorder. */
  sleep: (ms: number) => Promise<void> = sleepFor,
): Promise<LoginThrottle> {
  const limiter = (keyPrefix: string, points: number) =>
    new Promise<RateLimiterPostgres>((resolve, reject) => {
      const created: RateLimiterPostgres = new RateLimiterPostgres(
        {
          storeClient: pool,
          tableName: 'login_throttle',
          keyPrefix,
          points,
          duration: settings.windowSeconds,
          // Only ever penalised and read, never consumed: a lock is a count reaching its limit,
          // lasting until the window that count started ends.
          clearExpiredByTimeout: true,
        },
        (err?: Error) => (err ? reject(err) : resolve(created)),
      );
    });
  const byPair = await limiter('login_account_address', settings.accountAddressFailures);
  const byAddress = await limiter('login_address', settings.addressFailures);
  // An account alone is never locked: its count only sets the slowdown.
  const byAccount = await limiter('login_account_failures', 1);

  const refuse = (msBeforeNext: number) =>
    userError('RATE_LIMITED', 'Too many failed sign-in attempts from here. Try again later.', {
      retryAfterSeconds: Math.max(1, Math.ceil(msBeforeNext / 1000)),
    });

  return {
    async before(email, address) {
      const [pair, client, account] = await Promise.all([
        byPair.get(keyOf(email, address)),
        byAddress.get(keyOf(address)),
        byAccount.get(keyOf(email)),
      ]);
      for (const [state, points] of [
        [pair, settings.accountAddressFailures],
        [client, settings.addressFailures],
      ] as const) {
        if (state && state.consumedPoints >= points) throw refuse(state.msBeforeNext);
      }
      const delay = signInDelayMs(account?.consumedPoints ?? 0, settings);
      if (delay > 0) await sleep(delay);
    },
    async failed(email, address) {
      await Promise.all(
        [
          byPair.penalty(keyOf(email, address), 1),
          byAddress.penalty(keyOf(address), 1),
          byAccount.penalty(keyOf(email), 1),
        ].map((p) =>
          p.catch((err: unknown) => {
            if (!(err instanceof RateLimiterRes)) throw err;
          }),
        ),
      );
    },
    // The account's own count is left to expire: resetting it on the owner's success would
    // hand someone guessing it from many addresses a fresh, undelayed start.
    async succeeded(email, address) {
      await byPair.delete(keyOf(email, address));
    },
  };
}
