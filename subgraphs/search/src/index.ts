import { createKafka, createLogger, onShutdown } from '@commerce/service-kit';
import { env } from './env.ts';
import { startSearchConsumers } from './events/consumers.ts';
import { createServer } from './server.ts';
import { remoteCategoryTree } from './services/category-tree.ts';
import { createIndexer } from './services/indexer.ts';
import { createSearchStore } from './store/search-store.ts';

async function main() {
  const logger = createLogger('search', env.LOG_LEVEL);
  const store = createSearchStore({ url: env.OPENSEARCH_URL, alias: env.SEARCH_INDEX, synonyms: env.SEARCH_SYNONYMS });
  await store.ensureIndices();
  const kafka = createKafka({ clientId: 'search', brokers: env.KAFKA_BROKERS, logger });
  const categories = remoteCategoryTree({ catalogUrl: env.CATALOG_URL, ttlMs: env.CATEGORY_TREE_TTL_MS, logger });
  const server = await createServer({
    store,
    categories,
    currency: env.STORE_CURRENCY,
    logger,
    readiness: [{ name: 'opensearch', check: () => store.ping() }],
  });
  const consumers = await startSearchConsumers({
    kafka,
    logger,
    indexer: createIndexer(store),
    fromBeginning: true,
    groupIds: { catalog: env.CATALOG_CONSUMER_GROUP, inventory: env.INVENTORY_CONSUMER_GROUP, reviews: env.REVIEWS_CONSUMER_GROUP },
  });
  const port = await server.listen(env.PORT, env.HOST);
  logger.info({ url: `http://${env.HOST}:${port}/graphql` }, 'search subgraph ready');
  onShutdown(logger, [
    { name: 'http', run: server.close },
    { name: 'kafka consumers', run: () => consumers.stop() },
    { name: 'opensearch', run: () => store.close() },
  ]);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
