/* global window */
// Development defaults; the storefront's server (server/serve.ts) answers /config.js itself.
window.__APP_CONFIG__ = window.__APP_CONFIG__ || {
  graphqlUrl: 'http://127.0.0.1:4000/graphql',
  cardTokensUrl: 'http://127.0.0.1:4006/sandbox-gateway/tokens',
};
