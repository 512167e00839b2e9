// `npm run search:rebuild`: reindexes every findable product from its owners (through the
// router) into a new index and swaps the alias to it, while searches keep answering.
import { createLogger } from '@commerce/service-kit';
import { env } from './env.ts';
import { adminAccessToken, rebuildIndex, routerSource } from './services/rebuild.ts';
import { createSearchStore } from './store/search-store.ts';

const logger = createLogger('search-rebuild', env.LOG_LEVEL);

/** The admin's access token, for the stock levels per warehouse; undefined (and a warning) without an admin. */
async function adminToken(): Promise<string | undefined> {
  if (env.ADMIN_EMAIL && env.ADMIN_PASSWORD) return adminAccessToken(env.ROUTER_URL, { email: env.ADMIN_EMAIL, password: env.ADMIN_PASSWORD });
  logger.warn('no ADMIN_EMAIL and ADMIN_PASSWORD: stock levels per warehouse are not refreshed, only each product’s availability');
  return undefined;
}

const store = createSearchStore({ url: env.OPENSEARCH_URL, alias: env.SEARCH_INDEX, synonyms: env.SEARCH_SYNONYMS });
try {
  await store.ensureIndices();
  const source = routerSource(env.ROUTER_URL, { accessToken: await adminToken() });
  const { index, products, levels, dropped } = await rebuildIndex(store, source, logger);
  console.log(`rebuilt ${env.SEARCH_INDEX}: ${products} products (${levels} stock levels) in ${index}; dropped ${dropped.join(', ') || 'nothing'}`);
} finally {
  await store.close();
}
