import { createSubgraphServer, readSchema, viewerFromHeader, type ReadinessCheck } from '@commerce/service-kit';
import { createContext } from './context.ts';
import type { Deps } from './deps.ts';
import { Customer } from './resolvers/Customer.ts';
import { Mutation } from './resolvers/Mutation.ts';
import { Product } from './resolvers/Product.ts';
import { Query } from './resolvers/Query.ts';
import { Review } from './resolvers/Review.ts';

export const typeDefs = readSchema(new URL('../schema.graphql', import.meta.url));

/** The reviews subgraph over its dependencies, started but not yet listening. */
export function createServer(deps: Deps & { readiness?: ReadinessCheck[] }) {
  return createSubgraphServer({
    typeDefs,
    resolvers: { Query, Mutation, Review, Product, Customer },
    logger: deps.logger,
    context: async ({ req }) => createContext(deps, await viewerFromHeader(req.headers.authorization, deps.verifyToken)),
    readiness: deps.readiness ?? [],
  });
}
