import { readConfig } from '@commerce/web-kit';

/** Where the router and the card gateway are, from /config.js (written by server/serve.ts). */
export const config = readConfig({
  graphqlUrl: 'http://127.0.0.1:4000/graphql',
  cardTokensUrl: 'http://127.0.0.1:4006/sandbox-gateway/tokens',
});
