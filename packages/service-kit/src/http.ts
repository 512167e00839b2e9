import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type Express, type Request } from 'express';
import type { ApolloServer, BaseContext, ContextFunction } from '@apollo/server';
import { expressMiddleware, type ExpressContextFunctionArgument } from '@as-integrations/express5';
import type { Logger } from 'pino';
import { checkReadiness, type ReadinessCheck } from './health.ts';

export interface HttpServerOptions<Context extends BaseContext> {
  apollo: ApolloServer<Context>;
  logger: Logger;
  context: ContextFunction<[ExpressContextFunctionArgument], Context>;
  readiness?: ReadinessCheck[];
  /** Largest accepted request body; bigger requests get 413 before any parsing. */
  bodyLimit?: string;
  /** Extra routes mounted before GraphQL (e.g. a JWKS document). */
  routes?: (app: Express) => void;
}

/**
 * The client's address at the edge: the first X-Forwarded-For hop when the proxy in front of
 * the router is trusted (TRUST_PROXY), else the connection's peer. Subgraphs never take it
 * from a header anyone can set: they use clientAddressFromRouter.
 */
export function clientAddress(req: IncomingMessage, trustForwarded: boolean): string {
  const forwarded = trustForwarded ? req.headers['x-forwarded-for'] : undefined;
  const first = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(',')[0]?.trim();
  return first || req.socket.remoteAddress || 'unknown';
}

/** The request's correlation id (X-Correlation-Id), if the caller sent a sane one. */
export function correlationIdOf(req: Request): string | undefined {
  const value = req.headers['x-correlation-id'];
  return typeof value === 'string' && /^[\w.:-]{1,100}$/.test(value) ? value : undefined;
}

export interface HttpServer {
  app: Express;
  server: Server;
  /** Starts listening; resolves with the bound port (useful with port 0 in tests). */
  listen: (port: number, host: string) => Promise<number>;
  close: () => Promise<void>;
}

/**
 * An HTTP server with GraphQL on `/graphql`, liveness on `/health` and readiness on
 * `/ready`. The Apollo server must already be started.
 */
export function createHttpServer<Context extends BaseContext>(options: HttpServerOptions<Context>): HttpServer {
  const { apollo, logger, context, readiness = [], bodyLimit = '256kb' } = options;
  const app = express();
  app.disable('x-powered-by');
  app.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/ready', async (_req, res) => {
    const report = await checkReadiness(readiness);
    res.status(report.ready ? 200 : 503).json(report);
  });
  options.routes?.(app);
  app.use('/graphql', express.json({ limit: bodyLimit }), expressMiddleware(apollo, { context }));
  app.use(
    (err: Error & { status?: number; type?: string }, req: Request, res: express.Response, next: express.NextFunction) => {
      if (res.headersSent) return next(err);
      const status = err.status ?? 500;
      if (status >= 500) logger.error({ err, url: req.url }, 'request failed');
      const code = status === 413 ? 'BAD_REQUEST' : status < 500 ? 'BAD_REQUEST' : 'INTERNAL_SERVER_ERROR';
      const message =
        status === 413 ? 'Request body is too large.' : status < 500 ? 'Malformed request body.' : 'Internal server error';
      res.status(status).json({ errors: [{ message, extensions: { code } }] });
    },
  );

  const server = createServer(app);
  return {
    app,
    server,
    listen: (port, host) =>
      new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          server.off('error', reject);
          resolve((server.address() as AddressInfo).port);
        });
      }),
    close: () =>
      new Promise((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeIdleConnections();
      }),
  };
}
