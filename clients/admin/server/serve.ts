// Serves the built admin portal (dist/) on its own origin, with /config.js telling the page
// where the router is (the static server is @commerce/web-kit's, as for the storefront).
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startStaticServer, type StaticServer } from '@commerce/web-kit/server';

export interface AdminServerOptions {
  port: number;
  host?: string;
  graphqlUrl: string;
  distDir?: string;
}

/** Starts the admin's static server; resolves with the server and its origin (http://host:port). */
export function startAdminServer(options: AdminServerOptions): Promise<StaticServer> {
  return startStaticServer({
    port: options.port,
    ...(options.host ? { host: options.host } : {}),
    distDir: options.distDir ?? fileURLToPath(new URL('../dist', import.meta.url)),
    config: { graphqlUrl: options.graphqlUrl },
  });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { url } = await startAdminServer({
    port: Number(process.env.ADMIN_PORT ?? 5174),
    host: process.env.ADMIN_HOST ?? '127.0.0.1',
    graphqlUrl: process.env.ADMIN_GRAPHQL_URL ?? 'http://127.0.0.1:4000/graphql',
  });
  console.log(`admin: ${url}`);
}
