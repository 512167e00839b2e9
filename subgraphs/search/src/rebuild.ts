// `npm run search:rebuild`: reindexes every findable product from its owners (through the
// router) into a new index and swaps the alias to it, while searches keep answering.
import { createLogger } from '@commerce/service-kit';
import { env } from './env.ts';
import { rebuildIndex, routerSource } from './services/rebuild.ts';
import { createSearchStore } from './store/search-store.ts';

const logger = createLogger('search-rebuild', env.LOG_LEVEL);
const store = createSearchStore({ url: env.OPENSEARCH_URL, alias: env.SEARCH_INDEX, synonyms: env.SEARCH_SYNONYMS });
try {
  await store.ensureIndices();
  const { index, products, dropped } = await rebuildIndex(store, routerSource(env.ROUTER_URL), logger);
  console.log(`rebuilt ${env.SEARCH_INDEX}: ${products} products in ${index}; dropped ${dropped.join(', ') || 'nothing'}`);
} finally {
  await store.close();
}
