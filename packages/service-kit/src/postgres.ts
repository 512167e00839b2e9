import pg from 'pg';
import { DataSource, type DataSourceOptions, type Logger as TypeOrmLogger } from 'typeorm';
import type { Logger } from 'pino';

const MIGRATION_LOCK = 'typeorm:migrations';

export interface PostgresOptions {
  url: string;
  /** Shown in pg_stat_activity, e.g. the service name. */
  applicationName: string;
  entities: NonNullable<DataSourceOptions['entities']>;
  migrations: NonNullable<DataSourceOptions['migrations']>;
  poolSize?: number;
  logger: Logger;
  /** Called with every SQL statement (tests count round trips with it). */
  onQuery?: (sql: string) => void;
}

/**
 * Connects a TypeORM DataSource to PostgreSQL and applies pending migrations. Migrations
 * run under an advisory lock so replicas starting together do not race each other.
 */
export async function createPostgresDataSource(options: PostgresOptions): Promise<DataSource> {
  const dataSource = new DataSource({
    type: 'postgres',
    url: options.url,
    entities: options.entities,
    migrations: options.migrations,
    migrationsTableName: 'migrations',
    synchronize: false,
    ...(options.onQuery ? { logging: ['query' as const], logger: queryListener(options.onQuery) } : { logging: false }),
    extra: {
      Client: PreparingClient,
      max: options.poolSize ?? 10,
      application_name: options.applicationName,
      connectionTimeoutMillis: 5000,
    },
  });
  await dataSource.initialize();
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    // Advisory locks are per database, so one constant key serialises every migrator of it.
    await runner.query('select pg_advisory_lock(hashtext($1))', [MIGRATION_LOCK]);
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    for (const migration of applied) options.logger.info({ migration: migration.name }, 'migration applied');
  } finally {
    await runner.query('select pg_advisory_unlock(hashtext($1))', [MIGRATION_LOCK]);
    await runner.release();
  }
  return dataSource;
}

/** Statement texts run as prepared statements, by name; at most PREPARED_LIMIT per process. */
const preparedNames = new Map<string, string>();
const PREPARED_LIMIT = 500;

/**
 * A pg client that runs every parameterised statement as a named prepared statement: each
 * connection parses and plans a text once, then only binds and executes it, which halves
 * PostgreSQL's CPU per statement on the saga's short queries. Texts built from a varying
 * number of parameters (IN lists, multi-row VALUES) are distinct statements, so after the
 * first PREPARED_LIMIT distinct texts new ones run unprepared, as before.
 */
class PreparingClient extends pg.Client {
  constructor(config?: string | pg.ClientConfig) {
    super(config);
    // A connection that breaks while no query runs on it (PostgreSQL restarting) emits 'error';
    // unheard, that kills the process. The pool drops the client and the next query reports it.
    this.on('error', ignoreError);
  }

  // @ts-expect-error pg's overloads cannot be re-declared one by one; this one forwards them all.
  override query(config: unknown, values?: unknown, callback?: unknown) {
    if (typeof config === 'string' && Array.isArray(values) && values.length > 0 && typeof callback !== 'function') {
      let name = preparedNames.get(config);
      if (name === undefined && preparedNames.size < PREPARED_LIMIT) {
        name = `s${preparedNames.size}`;
        preparedNames.set(config, name);
      }
      if (name !== undefined) return super.query({ name, text: config, values });
    }
    // @ts-expect-error see above
    return super.query(config, values, callback);
  }
}

function ignoreError() {}

/**
 * A pg Pool whose clients can lose their connection at any time without crashing the
 * process: node-postgres emits 'error' on a checked-out client whose connection breaks
 * between queries (a transaction waiting on Kafka while PostgreSQL restarts), and an
 * unheard 'error' event is fatal. The error is logged; the next query on the client fails
 * and its owner releases it as broken.
 */
export function createPgPool(config: pg.PoolConfig, logger: Logger): pg.Pool {
  const pool = new pg.Pool(config);
  pool.on('error', (err) => logger.warn({ err }, 'idle PostgreSQL connection lost'));
  pool.on('connect', (client) => client.on('error', (err) => logger.warn({ err }, 'PostgreSQL connection lost')));
  return pool;
}

function queryListener(onQuery: (sql: string) => void): TypeOrmLogger {
  const ignore = () => undefined;
  return {
    logQuery: (sql) => onQuery(sql),
    logQueryError: ignore,
    logQuerySlow: ignore,
    logSchemaBuild: ignore,
    logMigration: ignore,
    log: ignore,
  };
}

/** True for PostgreSQL's unique_violation (23505). */
export function isUniqueViolation(err: unknown): boolean {
  return (err as { code?: unknown }).code === '23505';
}
