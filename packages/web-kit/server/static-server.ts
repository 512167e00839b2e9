// Serves a built single-page app (dist/) as a CDN would: static files, index.html for every
// app route, and /config.js telling the page where the router (and whatever else) is, so one
// build runs anywhere. The storefront and the admin portal are both served by it.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.map': 'application/json',
  '.ico': 'image/x-icon',
};

export interface StaticServerOptions {
  port: number;
  host?: string;
  /** The app's build (vite's dist/). */
  distDir: string;
  /** What the page reads from window.__APP_CONFIG__ (see readConfig in src/config.ts). */
  config: Record<string, string>;
}

export interface StaticServer {
  server: Server;
  /** The origin, http://host:port. */
  url: string;
  close: () => Promise<void>;
}

/** The /config.js body: the settings as the page's global (see readConfig). */
export function configScript(config: Record<string, string>): string {
  return `window.__APP_CONFIG__ = ${JSON.stringify(config)};\n`;
}

/** Starts the static server; resolves with the server and its origin (http://host:port). */
export async function startStaticServer(options: StaticServerOptions): Promise<StaticServer> {
  const dist = resolve(options.distDir);
  const configJs = configScript(options.config);
  const server = createServer((req, res) => {
    void (async () => {
      const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
      if (path === '/config.js') {
        res.writeHead(200, { 'content-type': TYPES['.js']!, 'cache-control': 'no-store' });
        res.end(configJs);
        return;
      }
      let file = normalize(join(dist, path));
      if (file !== dist && !file.startsWith(dist + sep)) {
        res.writeHead(404).end();
        return;
      }
      const found = await stat(file).catch(() => undefined);
      if (!found?.isFile()) {
        // An app route (no file extension): the single page answers it.
        if (extname(path)) {
          res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
          return;
        }
        file = join(dist, 'index.html');
      }
      const immutable = file.includes(`${join(dist, 'assets')}`);
      res.writeHead(200, {
        'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
        'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
        'x-content-type-options': 'nosniff',
      });
      createReadStream(file).pipe(res);
    })();
  });
  await new Promise<void>((done, fail) => {
    server.once('error', fail);
    server.listen(options.port, options.host ?? '127.0.0.1', () => done());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  return {
    server,
    url: `http://${options.host ?? '127.0.0.1'}:${port}`,
    close: () => new Promise<void>((done) => server.close(() => done())),
  };
}
