import { readFileSync } from 'node:fs';
import { ApolloServer, type BaseContext } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/resolverMap.js';
import { parse } from 'graphql';
import type { Logger } from 'pino';
import { createErrorFormatter } from './errors.ts';
import { rejectUnstorableText } from './input-check.ts';
import type { ReadinessCheck } from './health.ts';
import type { ExpressContextFunctionArgument } from '@as-integrations/express5';
import { createHttpServer, type HttpServer, type HttpServerOptions } from './http.ts';

/** A started subgraph: listen to serve, close to stop taking requests and release Apollo. */
export type SubgraphServer = HttpServer;

/** Reads a subgraph's SDL file (its only schema source). */
export function readSchema(url: URL): string {
  return readFileSync(url, 'utf8');
}

export interface SubgraphOptions<Context> {
  typeDefs: string;
  resolvers: GraphQLResolverMap<Context>;
  logger: Logger;
}

/** An Apollo Server for a federated subgraph, with internal errors masked and unstorable text refused. */
export function createSubgraphApollo<Context extends BaseContext>(options: SubgraphOptions<Context>) {
  return new ApolloServer<Context>({
    schema: buildSubgraphSchema({ typeDefs: parse(options.typeDefs), resolvers: options.resolvers as GraphQLResolverMap<unknown> }),
    formatError: createErrorFormatter(options.logger),
    includeStacktraceInErrorResponses: false,
    // onShutdown stops the server in order; Apollo's own signal handler would exit midway.
    stopOnTerminationSignals: false,
    // Traces are for Apollo Studio, which this platform does not report to.
    plugins: [ApolloServerPluginInlineTraceDisabled(), rejectUnstorableText<Context>()],
  });
}

export interface SubgraphServerOptions<Context> extends SubgraphOptions<Context> {
  context: (args: ExpressContextFunctionArgument) => Promise<Context>;
  readiness?: ReadinessCheck[];
  routes?: HttpServerOptions<BaseContext>['routes'];
}

/** A started subgraph: Apollo plus the HTTP server with health and readiness routes. */
export async function createSubgraphServer<Context extends BaseContext>(
  options: SubgraphServerOptions<Context>,
): Promise<SubgraphServer> {
  const apollo = createSubgraphApollo(options);
  await apollo.start();
  const http = createHttpServer({
    apollo,
    logger: options.logger,
    context: options.context,
    readiness: options.readiness ?? [],
    ...(options.routes ? { routes: options.routes } : {}),
  });
  return {
    ...http,
    close: async () => {
      await http.close();
      await apollo.stop();
    },
  };
}
