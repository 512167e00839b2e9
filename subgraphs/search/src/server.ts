import { createSubgraphServer, readSchema, type Logger, type ReadinessCheck } from '@commerce/service-kit';
import type { Context } from './context.ts';
import { Query } from './resolvers/Query.ts';
import type { SearchDeps } from './services/search-service.ts';

export const typeDefs = readSchema(new URL('../schema.graphql', import.meta.url));

/** The search subgraph over its dependencies, started but not yet listening. */
export function createServer(deps: SearchDeps & { logger: Logger; readiness?: ReadinessCheck[] }) {
  const context: Context = { store: deps.store, categories: deps.categories, currency: deps.currency };
  return createSubgraphServer({
    typeDefs,
    resolvers: { Query },
    logger: deps.logger,
    context: async () => context,
    readiness: deps.readiness ?? [],
  });
}
