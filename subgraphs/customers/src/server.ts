import { createSubgraphServer, readSchema, type ReadinessCheck } from '@commerce/service-kit';
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
    context: async () => createContext(deps),
    readiness: deps.readiness ?? [],
  });
}
