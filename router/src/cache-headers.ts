import type { ApolloServerPlugin } from '@apollo/server';
import type { RouterContext } from './context.ts';

/**
 * Lets a CDN keep the answers of anonymous queries sent by GET (by trusted-document id, as the
 * mobile app does): `public, max-age=N` when the request carried no credentials and the answer
 * no error. An anonymous answer depends only on the URL (operation, variables) and time: the
 * router and the subgraphs read no cookie, and the client's address or name changes limits, not
 * data. Signed-in answers are `private, no-store`, and every GET answer varies on Authorization
 * so a cache never hands the anonymous one to a signed-in request. POST and errors keep Apollo's
 * `no-store`. `maxAgeSeconds` 0 turns it off.
 */
export function publicGetCaching(maxAgeSeconds: number): ApolloServerPlugin<RouterContext> {
  return {
    requestDidStart: async ({ request }) => {
      if (request.http?.method !== 'GET') return;
      return {
        willSendResponse: async ({ response, contextValue, operation }) => {
          response.http.headers.set('vary', [response.http.headers.get('vary'), 'Authorization'].filter(Boolean).join(', '));
          if (contextValue.viewer || contextValue.authorization) {
            response.http.headers.set('cache-control', 'private, no-store');
            return;
          }
          const clean = response.body.kind === 'single' && !response.body.singleResult.errors;
          if (maxAgeSeconds > 0 && clean && operation?.operation === 'query') {
            // Not Apollo's `max-age=N, public` spelling, which its cache-control plugin would
            // re-read and narrow to the subgraphs' (absent) hints.
            response.http.headers.set('cache-control', `public, max-age=${maxAgeSeconds}`);
          }
        },
      };
    },
  };
}
