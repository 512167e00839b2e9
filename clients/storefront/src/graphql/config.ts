/** Where the router and the card gateway are, from /config.js (written by the serving server). */
export interface StorefrontConfig {
  graphqlUrl: string;
  cardTokensUrl: string;
}

declare global {
  interface Window {
    __STOREFRONT_CONFIG__?: Partial<StorefrontConfig>;
  }
}

const given = window.__STOREFRONT_CONFIG__ ?? {};
export const config: StorefrontConfig = {
  graphqlUrl: given.graphqlUrl ?? 'http://127.0.0.1:4000/graphql',
  cardTokensUrl: given.cardTokensUrl ?? 'http://127.0.0.1:4006/sandbox-gateway/tokens',
};
export const websocketUrl = config.graphqlUrl.replace(/^http/, 'ws');
