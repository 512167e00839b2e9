import { createLogger, createPostgresDataSource, onShutdown } from '@commerce/service-kit';
import { env } from './env.ts';
import { createServer } from './server.ts';
import { createCustomerStore, entities, migrations } from './store/customer-store.ts';

async function main() {
  const logger = createLogger('customers', env.LOG_LEVEL);
  const dataSource = await createPostgresDataSource({
    url: env.DATABASE_URL,
    applicationName: 'customers',
    entities,
    migrations,
    logger,
  });
  const server = await createServer({
    logger,
    customers: createCustomerStore(dataSource),
    readiness: [{ name: 'postgres', check: () => dataSource.query('select 1') }],
  });
  const port = await server.listen(env.PORT, env.HOST);
  logger.info({ url: `http://${env.HOST}:${port}/graphql` }, 'customers subgraph ready');
  onShutdown(logger, [
    { name: 'http', run: server.close },
    { name: 'postgres', run: () => dataSource.destroy() },
  ]);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
