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
