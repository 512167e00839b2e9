import type { KeyValueCache, KeyValueCacheSetOptions } from '@apollo/utils.keyvaluecache';
import type pg from 'pg';

/**
 * A KeyValueCache in PostgreSQL, so every router replica sees the APQ registrations any of
 * them took. Entries with a ttl (seconds) expire; expired rows are skipped and swept by `sweep`.
 */
export class PostgresKeyValueCache implements KeyValueCache<string> {
  constructor(
    private readonly pool: pg.Pool,
    private readonly table = 'persisted_queries',
  ) {
    if (!/^[a-z_][a-z0-9_]*$/.test(table)) throw new Error(`not a table name: ${table}`);
  }

  /** Creates the table when missing (idempotent; replicas may race on it). */
  async migrate(): Promise<void> {
    await this.pool.query(
      `create table if not exists ${this.table} (
        key text primary key,
        value text not null,
        expires_at timestamptz,
        updated_at timestamptz not null default now()
      )`,
    ).catch((err: { code?: string }) => {
      // Two replicas creating it at once: the loser sees a duplicate type or table.
      if (err.code !== '23505' && err.code !== '42P07' && err.code !== '42710') throw err;
    });
  }

  async get(key: string): Promise<string | undefined> {
    const { rows } = await this.pool.query<{ value: string }>(
      `select value from ${this.table} where key = $1 and (expires_at is null or expires_at > now())`,
      [key],
    );
    return rows[0]?.value;
  }

  async set(key: string, value: string, options?: KeyValueCacheSetOptions): Promise<void> {
    const ttl = options?.ttl ?? null;
    await this.pool.query(
      `insert into ${this.table} (key, value, expires_at) values ($1, $2, case when $3::int is null then null else now() + make_interval(secs => $3::int) end)
       on conflict (key) do update set value = excluded.value, expires_at = excluded.expires_at, updated_at = now()`,
      [key, value, ttl === null ? null : Math.max(1, Math.ceil(ttl))],
    );
  }

  async delete(key: string): Promise<boolean> {
    const { rowCount } = await this.pool.query(`delete from ${this.table} where key = $1`, [key]);
    return (rowCount ?? 0) > 0;
  }

  /** Deletes expired entries; returns how many. */
  async sweep(): Promise<number> {
    const { rowCount } = await this.pool.query(`delete from ${this.table} where expires_at <= now()`);
    return rowCount ?? 0;
  }
}
