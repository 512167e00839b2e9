import { readFileSync } from 'node:fs';
import { ApolloServer, type BaseContext } from '@apollo/server';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/resolverMap.js';
import { parse } from 'graphql';
import type { Logger } from 'pino';
import { createErrorFormatter } from './errors.ts';

/** Reads a subgraph's SDL file (its only schema source). */
export function readSchema(url: URL): string {
  return readFileSync(url, 'utf8');
}

export interface SubgraphOptions<Context> {
  typeDefs: string;
  resolvers: GraphQLResolverMap<Context>;
  logger: Logger;
}

/** An Apollo Server for a federated subgraph, with internal errors masked. */
export function createSubgraphApollo<Context extends BaseContext>(options: SubgraphOptions<Context>) {
  return new ApolloServer<Context>({
    schema: buildSubgraphSchema({ typeDefs: parse(options.typeDefs), resolvers: options.resolvers as GraphQLResolverMap<unknown> }),
    formatError: createErrorFormatter(options.logger),
    includeStacktraceInErrorResponses: false,
  });
}
