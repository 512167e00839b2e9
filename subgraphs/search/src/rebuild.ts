// `npm run search:rebuild`: reindexes every findable product from its owners (through the
// router) into a new index and swaps the alias to it, while searches keep answering.
import { createLogger } from '@commerce/service-kit';
import { env } from './env.ts';
import { rebuildIndex, routerSource } from './services/rebuild.ts';
import { createSearchStore } from './store/search-store.ts';

const logger = createLogger('search-rebuild', env.LOG_LEVEL);

/** The admin's access token, for the stock levels per warehouse; undefined (and a warning) without an admin. */
async function adminToken(): Promise<string | undefined> {
  if (!env.ADMIN_EMAIL || !env.ADMIN_PASSWORD) {
    logger.warn('no ADMIN_EMAIL and ADMIN_PASSWORD: stock levels per warehouse are not refreshed, only each product’s availability');
    return undefined;
  }
  const response = await fetch(env.ROUTER_URL, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'apollographql-client-name': 'search-rebuild' },
    body: JSON.stringify({
      query: 'mutation SearchRebuildLogin($input: LoginInput!) { login(input: $input) { accessToken } }',
      variables: { input: { email: env.ADMIN_EMAIL, password: env.ADMIN_PASSWORD } },
    }),
  });
  const body = (await response.json()) as { data?: { login?: { accessToken: string } }; errors?: { message: string }[] };
  if (!body.data?.login) throw new Error(`the admin could not sign in: ${body.errors?.map((e) => e.message).join('; ') ?? response.status}`);
  return body.data.login.accessToken;
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
