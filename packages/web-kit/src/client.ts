import { CloseCode, createClient as createWsClient, type Client as WsClient } from 'graphql-ws';
import { Client, cacheExchange, fetchExchange, subscriptionExchange } from 'urql';
import { websocketUrlOf } from './config';

export interface GraphQLClientOptions {
  /** The router's HTTP endpoint; the socket is the same URL over ws(s). */
  url: string;
  /** The current access token (refreshed when about to expire), or null when signed out. */
  accessToken: () => Promise<string | null>;
  /** A fresh token after the API refused this one before its stored expiry (SessionStore.refreshAfterRejection). */
  refreshAfterRejection?: (rejected: string) => Promise<string | null>;
  /** Sent as apollographql-client-name and in connection_init (the router's per-client trusted documents). */
  clientName: string;
}

/** fetch with the current access token and the client's name. */
function authorizedFetch(options: GraphQLClientOptions) {
  return async (input: RequestInfo | URL, init: RequestInit = {}): Promise<Response> => {
    const token = await options.accessToken();
    const headers = new Headers(init.headers);
    if (token) headers.set('authorization', `Bearer ${token}`);
    headers.set('apollographql-client-name', options.clientName);
    return fetch(input, { ...init, headers });
  };
}

/**
 * urql over HTTP for queries and mutations, graphql-ws for subscriptions; every request and
 * every (re)connection of the socket carries a fresh token.
 */
export function createGraphQLClient(options: GraphQLClientOptions): { client: Client; wsClient: WsClient } {
  // The token the socket last connected with, and whether the router then closed it as expired
  // or invalid (4403): the next connection refreshes even when the stored expiry says the token
  // is still good (the browser's clock may be off), instead of presenting it again.
  let connectedWith: string | null = null;
  let refused = false;
  const wsClient = createWsClient({
    url: websocketUrlOf(options.url),
    lazy: true,
    // Live pages resume from their own cursor; the client must not replay from the start.
    retryAttempts: 0,
    connectionParams: async () => {
      const token = refused && connectedWith && options.refreshAfterRejection ? await options.refreshAfterRejection(connectedWith) : await options.accessToken();
      refused = false;
      connectedWith = token;
      return { clientName: options.clientName, ...(token ? { authorization: `Bearer ${token}` } : {}) };
    },
    on: {
      closed: (event) => {
        if ((event as { code?: number } | undefined)?.code === CloseCode.Forbidden) refused = true;
      },
    },
  });
  const client = new Client({
    url: options.url,
    fetch: authorizedFetch(options),
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
  return { client, wsClient };
}

/** For sign-in, sign-up and token refresh: no token, no cache. */
export function createAnonymousClient(url: string, clientName: string): Client {
  return new Client({
    url,
    exchanges: [fetchExchange],
    requestPolicy: 'network-only',
    fetchOptions: { headers: { 'apollographql-client-name': clientName } },
  });
}
