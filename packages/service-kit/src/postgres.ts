import { DataSource, type DataSourceOptions } from 'typeorm';
import type { Logger } from 'pino';

export interface PostgresOptions {
  url: string;
  /** Shown in pg_stat_activity, e.g. the service name. */
  applicationName: string;
  entities: NonNullable<DataSourceOptions['entities']>;
  migrations: NonNullable<DataSourceOptions['migrations']>;
  poolSize?: number;
  logger: Logger;
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
    logging: false,
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
    await runner.query('select pg_advisory_lock(hashtext($1))', [`migrations:${options.applicationName}`]);
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    for (const migration of applied) options.logger.info({ migration: migration.name }, 'migration applied');
  } finally {
    await runner.query('select pg_advisory_unlock(hashtext($1))', [`migrations:${options.applicationName}`]);
    await runner.release();
  }
  return dataSource;
}
