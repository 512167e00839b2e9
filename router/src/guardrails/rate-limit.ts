import { HeaderMap } from '@apollo/server';
import { GraphQLError } from 'graphql';
import type { Pool } from 'pg';
import { RateLimiterMemory, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { Logger, Viewer } from '@commerce/service-kit';
import { createSharedCounts, type SharedCounts } from './shared-counts.ts';

/** Whose budget a request spends: a customer's own, an admin's own, or its client address's. */
export type RateLimitClass = 'anonymous' | 'customer' | 'admin';

export interface RateLimitSettings {
  /** The window every budget is counted over. */
  durationSeconds: number;
  /** Requests per window per client address, when not signed in. */
  anonymousPoints: number;
  /** Requests per window per signed-in customer (whatever address they come from). */
  customerPoints: number;
  /** Requests per window per signed-in admin. */
  adminPoints: number;
}

export interface RateLimitClient {
  viewer?: Viewer | undefined;
  clientAddress: string;
}

export interface RateLimiter {
  /** Spends one request of the client's budget; a RATE_LIMITED error (HTTP 429) once it is spent. */
  consume(client: RateLimitClient): Promise<GraphQLError | undefined>;
  /** True once counts are kept in the shared store (false while it is unreachable). */
  readonly shared: boolean;
}

const TABLE = 'router_rate_limits';
const RETRY_CONNECT_MS = 5_000;
const WARN_EVERY_MS = 10_000;
const STORE_BACKOFF_MS = 5_000;
const CLEAR_EXPIRED_EVERY_MS = 5 * 60 * 1000;

export const classOf = (client: RateLimitClient): RateLimitClass =>
  !client.viewer ? 'anonymous' : client.viewer.roles.includes('ADMIN') ? 'admin' : 'customer';

const keyOf = (client: RateLimitClient): string => client.viewer?.id ?? client.clientAddress;

function refusal(res: RateLimiterRes, kind: RateLimitClass, settings: RateLimitSettings): GraphQLError {
  const limit = settings[`${kind}Points`];
  const retryAfterSeconds = Math.max(1, Math.ceil(res.msBeforeNext / 1000));
  const whose = kind === 'anonymous' ? 'this address' : kind === 'admin' ? 'this admin' : 'this customer';
  return new GraphQLError(
    `Too many requests from ${whose}: ${res.consumedPoints} in ${settings.durationSeconds} s, at most ${limit} are allowed. Try again in ${retryAfterSeconds} s.`,
    {
      extensions: {
        code: 'RATE_LIMITED',
        retryAfterSeconds,
        limit,
        durationSeconds: settings.durationSeconds,
        http: { status: 429, headers: new HeaderMap([['retry-after', String(retryAfterSeconds)]]) },
      },
    },
  );
}

/**
 * The counters' table, the one rate-limiter-flexible would create, but UNLOGGED: every request
 * updates a counter, and a logged table made each of those a WAL flush (1.6 commits per order in
 * the checkout bench). Counters lost in a PostgreSQL crash only reopen the current window.
 */
async function createCounterTable(pool: Pool): Promise<void> {
  try {
    await pool.query(`CREATE UNLOGGED TABLE IF NOT EXISTS ${TABLE} (key varchar(255) PRIMARY KEY, points integer NOT NULL DEFAULT 0, expire bigint)`);
  } catch (err) {
    // Two replicas creating it at once: the loser sees a duplicate type or table.
    if (!['23505', '42P07', '42710'].includes((err as { code?: string }).code ?? '')) throw err;
  }
  // A table made logged by an earlier version turns unlogged once.
  const { rows } = await pool.query<{ relpersistence: string }>('SELECT relpersistence FROM pg_class WHERE oid = to_regclass($1)', [TABLE]);
  if (rows[0]?.relpersistence === 'p') await pool.query(`ALTER TABLE ${TABLE} SET UNLOGGED`);
}

/**
 * Per-client request budgets, counted in PostgreSQL so every router replica spends from the
 * same ones, in batches: requests that arrive while a count is on its way share the next
 * statement (shared-counts.ts), so a busy replica makes one round trip for many requests and
 * each still gets its exact place in the count. While the store cannot be reached (at start or
 * later) each replica counts in its own memory, logged, and retries the store: a limiter whose
 * store is down never fails a request. Each replica also always counts in memory first, so its
 * own traffic is limited even when the store falls behind, and a refusal costs no round trip.
 */
export function createRateLimiter(options: { settings: RateLimitSettings; pool?: Pool | undefined; logger: Logger }): RateLimiter & { close(): void } {
  const { settings, pool, logger } = options;
  const durationMs = settings.durationSeconds * 1000;
  const memoryLimiter = (kind: RateLimitClass) => new RateLimiterMemory({ keyPrefix: `router_${kind}`, points: settings[`${kind}Points`], duration: settings.durationSeconds });
  const memory: Record<RateLimitClass, RateLimiterAbstract> = { anonymous: memoryLimiter('anonymous'), customer: memoryLimiter('customer'), admin: memoryLimiter('admin') };
  let shared: SharedCounts | undefined;
  let closed = false;
  let retry: NodeJS.Timeout | undefined;
  let clearing: NodeJS.Timeout | undefined;
  let lastWarning = 0;
  let storeFailedAt = 0;

  const connect = async () => {
    try {
      await createCounterTable(pool!);
      shared = createSharedCounts(pool!, TABLE);
      clearing = setInterval(() => void shared?.clearExpired().catch(() => undefined), CLEAR_EXPIRED_EVERY_MS).unref();
      logger.info('rate limits are shared through PostgreSQL');
    } catch (err) {
      logger.warn({ err }, 'rate limit store unreachable; counting in memory until it answers');
      if (!closed) retry = setTimeout(() => void connect(), RETRY_CONNECT_MS).unref();
    }
  };
  if (pool) void connect();

  return {
    get shared() {
      return shared !== undefined;
    },
    async consume(client) {
      const kind = classOf(client);
      const key = keyOf(client);
      // This replica's own count first: never above the shared one, no round trip, and it still
      // bounds a burst the store cannot keep up with (before, store timeouts under a burst of 400
      // fell back to a fresh in-memory count and let the whole burst through).
      try {
        await memory[kind].consume(key);
      } catch (err) {
        if (err instanceof RateLimiterRes) return refusal(err, kind, settings);
        logger.error({ err }, 'in-memory rate limiter failed; request let through');
        return undefined;
      }
      // After a store failure, requests count in memory only for a while instead of each waiting on it.
      if (!shared || Date.now() - storeFailedAt <= STORE_BACKOFF_MS) return undefined;
      try {
        const count = await shared.increment(`router_${kind}:${key}`, durationMs);
        const limit = settings[`${kind}Points`];
        if (count.points <= limit) return undefined;
        return refusal(new RateLimiterRes(0, Math.max(0, count.expire - Date.now()), count.points), kind, settings);
      } catch (err) {
        storeFailedAt = Date.now();
        if (Date.now() - lastWarning > WARN_EVERY_MS) {
          lastWarning = Date.now();
          logger.warn({ err }, 'rate limit store failed; counting in memory only for a while');
        }
        return undefined;
      }
    },
    close() {
      closed = true;
      clearTimeout(retry);
      clearInterval(clearing);
    },
  };
}
