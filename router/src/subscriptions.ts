import type { Server } from 'node:http';
import { GraphQLError } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import type { Logger } from '@commerce/service-kit';

/**
 * graphql-ws on the router's port and path. Connections are accepted; operations are
 * answered with a clear error until Kafka-fed subscriptions land.
 */
export function attachSubscriptions(server: Server, logger: Logger) {
  const wss = new WebSocketServer({ server, path: '/graphql' });
  const graphqlWs = useServer(
    {
      onSubscribe: () => [
        new GraphQLError('Subscriptions are not available yet on this router; query over HTTP instead.', {
          extensions: { code: 'SUBSCRIPTIONS_NOT_AVAILABLE' },
        }),
      ],
    },
    wss,
  );
  wss.on('error', (err) => logger.error({ err }, 'websocket server error'));
  return {
    close: async () => {
      await graphqlWs.dispose();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}
