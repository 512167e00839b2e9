import { correlationIdOf, createSubgraphServer, readSchema, viewerFromHeader, type ReadinessCheck } from '@commerce/service-kit';
import { createContext, type Deps } from './context.ts';
import { Mutation } from './resolvers/Mutation.ts';
import { ProductVariant } from './resolvers/ProductVariant.ts';
import { Query } from './resolvers/Query.ts';
import { StockLevel, StockMovement, VariantStock, Warehouse } from './resolvers/Stock.ts';

export const typeDefs = readSchema(new URL('../schema.graphql', import.meta.url));

/** The inventory subgraph over its dependencies, started but not yet listening. */
export function createServer(deps: Deps & { readiness?: ReadinessCheck[] }) {
  return createSubgraphServer({
    typeDefs,
    resolvers: { Query, Mutation, ProductVariant, VariantStock, StockLevel, StockMovement, Warehouse },
    logger: deps.logger,
    context: async ({ req }) =>
      createContext(deps, {
        viewer: await viewerFromHeader(req.headers.authorization, deps.verifyToken),
        correlationId: correlationIdOf(req),
      }),
    readiness: deps.readiness ?? [],
  });
}
