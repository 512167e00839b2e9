import type { Pool } from 'pg';

/** A key's count in the shared store after an increment, and when its window ends (epoch ms). */
export interface SharedCount {
  points: number;
  expire: number;
}

export interface SharedCounts {
  /** Adds one to `key`'s count in the window of `durationMs`; resolves to the count including this one. */
  increment(key: string, durationMs: number): Promise<SharedCount>;
  /** Deletes windows that ended over an hour ago; returns how many. */
  clearExpired(): Promise<number>;
}

interface Waiting {
  durationMs: number;
  resolve: (count: SharedCount) => void;
  reject: (err: unknown) => void;
}

/** Keys per statement: a burst beyond this waits for the next round trip. */
const MAX_KEYS_PER_STATEMENT = 1000;
const HOUR_MS = 60 * 60 * 1000;

// Fixed windows: a key whose window has ended starts again at this batch's points.
const UPSERT = (table: string) => `
  INSERT INTO ${table} AS t (key, points, expire)
  SELECT key, points, $3::bigint + duration FROM unnest($1::text[], $2::int[], $4::bigint[]) AS batch(key, points, duration)
  ON CONFLICT (key) DO UPDATE SET
    points = CASE WHEN t.expire > $3::bigint THEN t.points + excluded.points ELSE excluded.points END,
    expire = CASE WHEN t.expire > $3::bigint THEN t.expire ELSE excluded.expire END
  RETURNING key, points, expire`;

/**
 * Counters in one PostgreSQL table, counted exactly, with one round trip per batch instead of
 * per request: increments arriving while a statement is out are summed per key and sent
 * together in the next one, and each caller gets its own place in its key's count. Under load
 * that is one upsert for many requests; alone, a request waits for one upsert as before.
 * Keys go in sorted order, so two replicas' batches lock rows in the same order and never deadlock.
 */
export function createSharedCounts(pool: Pool, table: string): SharedCounts {
  let queued = new Map<string, Waiting[]>();
  let sending = false;

  async function send(batch: Map<string, Waiting[]>): Promise<void> {
    const keys = [...batch.keys()].sort();
    const now = Date.now();
    try {
      const { rows } = await pool.query<{ key: string; points: number; expire: string }>(UPSERT(table), [
        keys,
        keys.map((key) => batch.get(key)!.length),
        now,
        keys.map((key) => batch.get(key)![0]!.durationMs),
      ]);
      const counted = new Map(rows.map((row) => [row.key, row]));
      for (const key of keys) {
        const row = counted.get(key);
        const waiting = batch.get(key)!;
        if (!row) {
          for (const caller of waiting) caller.reject(new Error(`the rate limit store returned no count for ${key}`));
          continue;
        }
        // The batch's increments are the last ones in the count: each caller gets its own place.
        const before = row.points - waiting.length;
        waiting.forEach((caller, i) => caller.resolve({ points: before + i + 1, expire: Number(row.expire) }));
      }
    } catch (err) {
      for (const waiting of batch.values()) for (const caller of waiting) caller.reject(err);
    }
  }

  function takeBatch(): Map<string, Waiting[]> {
    if (queued.size <= MAX_KEYS_PER_STATEMENT) {
      const batch = queued;
      queued = new Map();
      return batch;
    }
    const batch = new Map<string, Waiting[]>();
    for (const [key, waiting] of queued) {
      if (batch.size === MAX_KEYS_PER_STATEMENT) break;
      batch.set(key, waiting);
      queued.delete(key);
    }
    return batch;
  }

  async function drain(): Promise<void> {
    sending = true;
    try {
      while (queued.size > 0) await send(takeBatch());
    } finally {
      sending = false;
    }
  }

  return {
    increment(key, durationMs) {
      return new Promise<SharedCount>((resolve, reject) => {
        const waiting = queued.get(key);
        if (waiting) waiting.push({ durationMs, resolve, reject });
        else queued.set(key, [{ durationMs, resolve, reject }]);
        if (!sending) void drain();
      });
    },
    async clearExpired() {
      const { rowCount } = await pool.query(`DELETE FROM ${table} WHERE expire < $1`, [Date.now() - HOUR_MS]);
      return rowCount ?? 0;
    },
  };
}
