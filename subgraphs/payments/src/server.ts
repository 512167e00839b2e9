import { correlationIdOf, createSubgraphServer, readSchema, viewerFromHeader, type ReadinessCheck } from '@commerce/service-kit';
import { createContext, type Deps } from './context.ts';
import { SANDBOX_TOKENS_PATH, allowBrowsers, createTokenHandler } from './gateway/sandbox-http.ts';
import { Mutation } from './resolvers/Mutation.ts';
import { Order, Payment, PaymentTransaction, Refund } from './resolvers/Payment.ts';
import { Customer, PaymentMethod } from './resolvers/PaymentMethod.ts';
import { Query } from './resolvers/Query.ts';

export const typeDefs = readSchema(new URL('../schema.graphql', import.meta.url));

/** The payments subgraph over its dependencies, started but not yet listening. */
export function createServer(deps: Deps & { readiness?: ReadinessCheck[] }) {
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
      const tokenize = createTokenHandler(deps.gateway, deps.logger);
      app.options(SANDBOX_TOKENS_PATH, (_req, res) => {
        allowBrowsers(res);
        res.status(204).end();
      });
      app.post(SANDBOX_TOKENS_PATH, (req, res) => tokenize(req, res));
    },
  });
}
