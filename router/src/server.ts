import { ApolloServer } from '@apollo/server';
import type { ApolloGateway } from '@apollo/gateway';
import { createErrorFormatter, createHttpServer, type Logger } from '@commerce/service-kit';
import type { RouterContext } from './context.ts';
import { attachSubscriptions } from './subscriptions.ts';

export interface RouterDeps {
  gateway: ApolloGateway;
  logger: Logger;
  introspection?: boolean;
}

/** The router: the gateway inside Apollo Server on HTTP, plus graphql-ws on the same port and path. */
export async function createRouter({ gateway, logger, introspection = true }: RouterDeps) {
  const apollo = new ApolloServer<RouterContext>({
    gateway,
    formatError: createErrorFormatter(logger),
    includeStacktraceInErrorResponses: false,
    introspection,
  });
  await apollo.start();
  const http = createHttpServer({
    apollo,
    logger,
    bodyLimit: '1mb',
    context: async ({ req }) => (req.headers.authorization ? { authorization: req.headers.authorization } : {}),
  });
  const subscriptions = attachSubscriptions(http.server, logger);
  return {
    ...http,
    apollo,
    close: async () => {
      await subscriptions.close();
      await http.close();
      await apollo.stop();
    },
  };
}
export type Router = Awaited<ReturnType<typeof createRouter>>;
