import { ApolloServer } from '@apollo/server';
import type { ApolloGateway } from '@apollo/gateway';
import { randomUUID } from 'node:crypto';
import {
  clientAddress,
  correlationIdOf,
  createErrorFormatter,
  createHttpServer,
  viewerFromHeader,
  type Logger,
  type TokenVerifier,
} from '@commerce/service-kit';
import type { RouterContext } from './context.ts';
import { attachSubscriptions } from './subscriptions.ts';

export interface RouterDeps {
  gateway: ApolloGateway;
  logger: Logger;
  verifyToken: TokenVerifier;
  introspection?: boolean;
  /** Trust X-Forwarded-For from a load balancer in front of the router. */
  trustProxy?: boolean;
}

/** The router: the gateway inside Apollo Server on HTTP, plus graphql-ws on the same port and path. */
export async function createRouter({ gateway, logger, verifyToken, introspection = true, trustProxy = false }: RouterDeps) {
  const apollo = new ApolloServer<RouterContext>({
    gateway,
    formatError: createErrorFormatter(logger),
    includeStacktraceInErrorResponses: false,
    introspection,
    // onShutdown stops the router in order; Apollo's own signal handler would exit midway.
    stopOnTerminationSignals: false,
  });
  await apollo.start();
  const http = createHttpServer({
    apollo,
    logger,
    bodyLimit: '1mb',
    // An invalid token is refused here (401) before any subgraph is called; anonymous
    // requests pass with no identity.
    context: async ({ req }) => {
      const viewer = await viewerFromHeader(req.headers.authorization, verifyToken);
      return {
        ...(viewer ? { viewer, authorization: req.headers.authorization } : {}),
        clientAddress: clientAddress(req, trustProxy),
        correlationId: correlationIdOf(req) ?? randomUUID(),
      };
    },
  });
  const subscriptions = attachSubscriptions(http.server, logger);
  return {
    ...http,
    apollo,
    close: async () => {
      await subscriptions.close();
      await http.close();
      await apollo.stop();
    },
  };
}
export type Router = Awaited<ReturnType<typeof createRouter>>;
