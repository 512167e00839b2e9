import { createClient as createWsClient } from 'graphql-ws';
import { Client, cacheExchange, fetchExchange, subscriptionExchange } from 'urql';
import { config, websocketUrl } from './config';
import { accessToken } from './session';

/** graphql-ws on the router's URL; every (re)connection carries a fresh token. */
export const wsClient = createWsClient({
  url: websocketUrl,
  lazy: true,
  // The order page resumes from its own cursor; the client must not replay from the start.
  retryAttempts: 0,
  connectionParams: async () => {
    const token = await accessToken();
    return token ? { authorization: `Bearer ${token}` } : {};
  },
});

/** fetch with the current access token (refreshed first when it is about to expire). */
async function authorizedFetch(input: RequestInfo | URL, init: RequestInit = {}): Promise<Response> {
  const token = await accessToken();
  const headers = new Headers(init.headers);
  if (token) headers.set('authorization', `Bearer ${token}`);
  return fetch(input, { ...init, headers });
}

export const client = new Client({
  url: config.graphqlUrl,
  fetch: authorizedFetch,
  // Every query is a GET-able, named document; POST keeps it simple across origins.
  preferGetMethod: false,
  exchanges: [
    cacheExchange,
    fetchExchange,
    subscriptionExchange({
      forwardSubscription: (request) => ({
        subscribe: (sink) => ({ unsubscribe: wsClient.subscribe({ ...request, query: request.query ?? '' }, sink) }),
      }),
    }),
  ],
});
