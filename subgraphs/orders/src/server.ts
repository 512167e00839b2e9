import { correlationIdOf, createSubgraphServer, readSchema, viewerFromHeader, type ReadinessCheck } from '@commerce/service-kit';
import { createContext, type Deps } from './context.ts';
import { Cart, CartLine } from './resolvers/Cart.ts';
import { Customer } from './resolvers/Customer.ts';
import { Mutation } from './resolvers/Mutation.ts';
import { Order, OrderLine, OrderStatusChange } from './resolvers/Order.ts';
import { Query } from './resolvers/Query.ts';

export const typeDefs = readSchema(new URL('../schema.graphql', import.meta.url));

/** The orders subgraph over its dependencies, started but not yet listening. */
export function createServer(deps: Deps & { readiness?: ReadinessCheck[] }) {
  return createSubgraphServer({
    typeDefs,
    resolvers: { Query, Mutation, Customer, Cart, CartLine, Order, OrderLine, OrderStatusChange },
    logger: deps.logger,
    context: async ({ req }) =>
      createContext(deps, {
        viewer: await viewerFromHeader(req.headers.authorization, deps.verifyToken),
        correlationId: correlationIdOf(req),
      }),
    readiness: deps.readiness ?? [],
  });
}
