// Serves the built storefront (dist/) on its own origin, with /config.js telling the page
// where the router and the card gateway are (the static server is @commerce/web-kit's).
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startStaticServer, type StaticServer } from '@commerce/web-kit/server';

export interface StorefrontServerOptions {
  port: number;
  host?: string;
  graphqlUrl: string;
  cardTokensUrl: string;
  distDir?: string;
}

/** Starts the storefront's static server; resolves with the server and its origin (http://host:port). */
export function startStorefrontServer(options: StorefrontServerOptions): Promise<StaticServer> {
  return startStaticServer({
    port: options.port,
    ...(options.host ? { host: options.host } : {}),
    distDir: options.distDir ?? fileURLToPath(new URL('../dist', import.meta.url)),
    config: { graphqlUrl: options.graphqlUrl, cardTokensUrl: options.cardTokensUrl },
  });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { url } = await startStorefrontServer({
    port: Number(process.env.STOREFRONT_PORT ?? 5173),
    host: process.env.STOREFRONT_HOST ?? '127.0.0.1',
    graphqlUrl: process.env.STOREFRONT_GRAPHQL_URL ?? 'http://127.0.0.1:4000/graphql',
    cardTokensUrl: process.env.STOREFRONT_CARD_TOKENS_URL ?? 'http://127.0.0.1:4006/sandbox-gateway/tokens',
  });
  console.log(`storefront: ${url}`);
}
