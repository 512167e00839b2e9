import { runSubgraph } from '@commerce/service-kit';
import { env } from './env.ts';
import { consumerTable } from './events/consumers.ts';
import { createServer } from './server.ts';
import { remoteCategoryTree } from './services/category-tree.ts';
import { createIndexer } from './services/indexer.ts';
import { createSearchStore } from './store/search-store.ts';

runSubgraph({
  name: 'search',
  env,
  stores: {
    search: {
      name: 'opensearch',
      open: async () => {
        const store = createSearchStore({ url: env.OPENSEARCH_URL, alias: env.SEARCH_INDEX, synonyms: env.SEARCH_SYNONYMS });
        await store.ensureIndices();
        return store;
      },
      ready: (store) => store.ping(),
      close: (store) => store.close(),
    },
  },
  deps: ({ stores, logger }) => ({
    store: stores.search,
    categories: remoteCategoryTree({ catalogUrl: env.CATALOG_URL, ttlMs: env.CATEGORY_TREE_TTL_MS, logger }),
    indexer: createIndexer(stores.search),
    logger,
  }),
  server: (deps, readiness) => createServer({ store: deps.store, categories: deps.categories, currency: env.STORE_CURRENCY, logger: deps.logger, readiness }),
  consumers: (deps) => consumerTable(deps.indexer),
});
