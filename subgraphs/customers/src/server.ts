import {
  clientAddressFromRouter,
  correlationIdOf,
  createSubgraphServer,
  readSchema,
  viewerFromHeader,
  type ReadinessCheck,
} from '@commerce/service-kit';
import { createContext, type Deps } from './context.ts';
import { Customer } from './resolvers/Customer.ts';
import { Mutation } from './resolvers/Mutation.ts';
import { Query } from './resolvers/Query.ts';

export const typeDefs = readSchema(new URL('../schema.graphql', import.meta.url));

/** The customers subgraph over its dependencies, started but not yet listening. */
export function createServer(deps: Deps & { readiness?: ReadinessCheck[] }) {
  return createSubgraphServer({
    typeDefs,
    resolvers: { Query, Mutation, Customer },
    logger: deps.logger,
    context: async ({ req }) =>
      createContext(deps, {
        viewer: await viewerFromHeader(req.headers.authorization, deps.verifyToken),
        clientAddress: clientAddressFromRouter(req, deps.routerSigningSecret),
        correlationId: correlationIdOf(req),
      }),
    readiness: deps.readiness ?? [],
    routes: (app) => {
      // Other services verify access tokens with these public keys.
      app.get('/.well-known/jwks.json', (_req, res) => {
        res.set('cache-control', 'public, max-age=300').json(deps.keys.jwks);
      });
      // Other services refuse access tokens of signed-out sessions (the token's `sid` claim).
      // Unknown ids answer `revoked`: this service cannot vouch for them.
      app.get('/sessions/:sid', async (req, res) => {
        res.set('cache-control', 'no-store').json({ status: await deps.sessions.status(req.params.sid) });
      });
    },
  });
}
