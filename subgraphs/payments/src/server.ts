import { correlationIdOf, createSubgraphServer, readSchema, viewerFromHeader, type ReadinessCheck } from '@commerce/service-kit';
import { createContext, type Deps } from './context.ts';
import { DEV_BROWSER_ORIGINS, SANDBOX_TOKENS_PATH, allowBrowsers, createTokenHandler } from './sandbox/gateway-http.ts';
import { Mutation } from './resolvers/Mutation.ts';
import { Order, Payment, PaymentTransaction, Refund } from './resolvers/Payment.ts';
import { Customer, PaymentMethod } from './resolvers/PaymentMethod.ts';
import { Query } from './resolvers/Query.ts';

export const typeDefs = readSchema(new URL('../schema.graphql', import.meta.url));

/** The payments subgraph over its dependencies, started but not yet listening. */
/** `sandboxBrowserOrigins`: the pages that may post cards to the sandbox's token endpoint. */
export function createServer(deps: Deps & { readiness?: ReadinessCheck[]; sandboxBrowserOrigins?: readonly string[] }) {
  const browserOrigins = deps.sandboxBrowserOrigins ?? DEV_BROWSER_ORIGINS;
  return createSubgraphServer({
    typeDefs,
    resolvers: { Query, Mutation, Payment, PaymentTransaction, Refund, Order, PaymentMethod, Customer },
    logger: deps.logger,
    context: async ({ req }) =>
      createContext(deps, {
        viewer: await viewerFromHeader(req.headers.authorization, deps.verifyToken),
        correlationId: correlationIdOf(req),
      }),
    readiness: deps.readiness ?? [],
    routes: (app) => {
      // Only the sandbox tokenizes here; with a real gateway, cards go to the gateway's own servers.
      if (deps.gateway.name !== 'sandbox') return;
      const tokenize = createTokenHandler(deps.gateway, deps.logger, browserOrigins);
      app.options(SANDBOX_TOKENS_PATH, (req, res) => {
        allowBrowsers(req, res, browserOrigins);
        res.status(204).end();
      });
      app.post(SANDBOX_TOKENS_PATH, (req, res) => tokenize(req, res));
    },
  });
}
