import type { Server } from 'node:http';
import { GraphQLError, getOperationAST, parse, specifiedRules, validate, type DocumentNode, type ExecutionArgs, type ExecutionResult, type FormattedExecutionResult, type GraphQLSchema } from 'graphql';
import { CloseCode } from 'graphql-ws';
import { useServer } from 'graphql-ws/use/ws';
import { decodeJwt } from 'jose';
import { WebSocketServer } from 'ws';
import { randomUUID } from 'node:crypto';
import { clientAddress, viewerFromHeader, type Logger, type TokenVerifier, type Viewer } from '@commerce/service-kit';
import type { RouterContext } from '../context.ts';
import { CLIENT_NAME_HEADER, type TrustedDocuments } from '../persisted/index.ts';
import { limitRulesFor, parseOptionsFor, type RequestLimits } from '../limits.ts';
import type { SubscriptionField } from './config.ts';
import type { Execute, SubscriptionHub } from './hub.ts';
import { preparePayloadQuery, subscriptionRoot } from './operation.ts';
import type { Subscriber } from './subscriber.ts';

export interface SubscriptionServerOptions {
  server: Server;
  logger: Logger;
  verifyToken: TokenVerifier;
  /** The supergraph's API schema as the gateway serves it now; undefined before it loads. */
  schema: () => GraphQLSchema | undefined;
  /** Queries and mutations sent over the socket run through the gateway like HTTP ones. */
  execute: Execute;
  fields: Record<string, SubscriptionField>;
  /** Undefined when the router runs without Kafka: subscriptions are then refused. */
  hub: SubscriptionHub | undefined;
  trustProxy: boolean;
  /** Subscribe payloads may carry a persisted-query id instead of text, under the same policy as HTTP. */
  trustedDocuments?: TrustedDocuments | undefined;
  /** The same limits as HTTP. */
  limits: RequestLimits;
  /** Spends the client's rate limit: each connection_init and each subscribe message counts. */
  admit: (client: { viewer: Viewer; clientAddress: string }) => Promise<GraphQLError | undefined>;
  /**
   * How often an open connection's token is verified again (default 5 s), so a session that
   * signs out (logout, a password change) ends its sockets too, not only its HTTP requests.
   */
  sessionRecheckMs?: number;
  /** OPERATION_TOO_COSTLY for an operation over the cost budget. */
  cost: (document: DocumentNode, variables: Record<string, unknown> | null | undefined, operationName: string | null | undefined) => GraphQLError | undefined;
}

interface Session {
  viewer: Viewer;
  authorization: string;
  clientAddress: string;
  /** connection_init's `clientName`, else the upgrade request's apollographql-client-name header. */
  clientName: string | undefined;
  expiry: NodeJS.Timeout | undefined;
  recheck: NodeJS.Timeout | undefined;
}

type OperationContext =
  | { kind: 'operation'; query: string; variables: Record<string, unknown>; operationName?: string; context: RouterContext }
  | { kind: 'subscription'; subscriber: Subscriber };

/** Close reasons (at most 123 bytes) the client can act on. */
export const CLOSE = {
  noToken: 'Forbidden: send connection_init with {"authorization": "Bearer <access token>"}',
  badToken: 'Forbidden: the access token is invalid or expired',
  expired: 'Forbidden: the access token expired; reconnect with a fresh one',
  signedOut: 'Forbidden: this session has ended (signed out); sign in again',
} as const;

/** WebSocket close code for a subscriber dropped for falling behind ("Try Again Later"). */
export const SLOW_CONSUMER_CLOSE_CODE = 1013;

/** WebSocket close code for a connection_init over the client's rate limit (4000 + HTTP 429). */
export const RATE_LIMITED_CLOSE_CODE = 4429;

const failure = (message: string, code: string) => [new GraphQLError(message, { extensions: { code } })];

/**
 * graphql-ws on the router's port and path. A connection must authenticate in
 * `connection_init` and ends when its token expires; subscriptions are served by the hub
 * from Kafka, queries and mutations go through the gateway.
 */
export function attachSubscriptions(options: SubscriptionServerOptions) {
  const { logger, verifyToken, schema, execute, fields, hub, limits, admit } = options;
  const parseOptions = parseOptionsFor(limits);
  const rules = [...specifiedRules, ...limitRulesFor(limits)];
  // A message over the limit closes the socket with 1009 (Message Too Big) before it is parsed.
  const wss = new WebSocketServer({ server: options.server, path: '/graphql', maxPayload: limits.bytes });
  const sessions = new WeakMap<object, Session>();

  const graphqlWs = useServer(
    {
      onConnect: async (ctx) => {
        const { socket, request } = ctx.extra;
        const params = ctx.connectionParams ?? {};
        const given = params.authorization ?? params.Authorization ?? (typeof params.token === 'string' ? `Bearer ${params.token}` : undefined);
        const authorization = typeof given === 'string' ? given : request.headers.authorization;
        if (!authorization) {
          socket.close(CloseCode.Forbidden, CLOSE.noToken);
          return false;
        }
        let viewer: Viewer | undefined;
        try {
          viewer = await viewerFromHeader(authorization, verifyToken);
        } catch {
          viewer = undefined;
        }
        if (!viewer) {
          socket.close(CloseCode.Forbidden, CLOSE.badToken);
          return false;
        }
        const named = params.clientName ?? request.headers[CLIENT_NAME_HEADER];
        const clientName = typeof named === 'string' && named ? named : undefined;
        const session: Session = { viewer, authorization, clientAddress: clientAddress(request, options.trustProxy), clientName, expiry: undefined, recheck: undefined };
        const limited = await admit(session);
        if (limited) {
          socket.close(RATE_LIMITED_CLOSE_CODE, `Too many requests: try again in ${String(limited.extensions.retryAfterSeconds)} s`);
          return false;
        }
        const exp = decodeJwt(authorization.trim().slice('Bearer '.length)).exp;
        if (exp !== undefined) {
          // A token that expires mid-subscription ends the connection; the client reconnects with a fresh one.
          const delay = Math.min(Math.max(exp * 1000 - Date.now(), 0), 2 ** 31 - 1);
          session.expiry = setTimeout(() => socket.close(CloseCode.Forbidden, CLOSE.expired), delay);
        }
        // The signature check is cached per token and the session's status per session, so this
        // costs a lookup in memory, and asks customers at most once per session and cache window.
        session.recheck = setInterval(() => {
          viewerFromHeader(authorization, verifyToken).catch(() =>
            socket.close(CloseCode.Forbidden, exp !== undefined && exp * 1000 <= Date.now() ? CLOSE.expired : CLOSE.signedOut),
          );
        }, options.sessionRecheckMs ?? 5_000);
        session.recheck.unref();
        sessions.set(ctx, session);
        return true;
      },
      onClose: (ctx) => {
        clearTimeout(sessions.get(ctx)?.expiry);
        clearInterval(sessions.get(ctx)?.recheck);
        sessions.delete(ctx);
      },
      onSubscribe: async (ctx, _id, payload) => {
        const session = sessions.get(ctx);
        const current = schema();
        if (!session || !current) return failure('The router is not ready yet; try again shortly.', 'SERVICE_UNAVAILABLE');
        const limited = await admit(session);
        // The socket has no HTTP status to set: the code and retryAfterSeconds say it.
        if (limited) {
          const { http: _http, ...extensions } = limited.extensions;
          return [new GraphQLError(limited.message, { extensions })];
        }
        let query = payload.query;
        let register: { key: string; query: string } | undefined;
        if (options.trustedDocuments) {
          const resolved = await options.trustedDocuments.resolveSocket({ clientName: session.clientName, query: payload.query, extensions: payload.extensions });
          if ('error' in resolved) return [new GraphQLError(resolved.error.message, { extensions: { code: resolved.error.extensions.code } })];
          ({ query, register } = resolved);
        }
        let document: DocumentNode;
        try {
          document = parse(query, parseOptions);
        } catch (err) {
          return failure(err instanceof GraphQLError ? err.message : 'The query could not be parsed.', 'GRAPHQL_PARSE_FAILED');
        }
        const invalid = validate(current, document, rules);
        if (invalid.length > 0) return invalid.map((error) => new GraphQLError(error.message, { nodes: error.nodes, extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }));
        if (register) await options.trustedDocuments?.register(register.key, register.query);
        const operation = getOperationAST(document, payload.operationName);
        if (!operation) return failure('Name the operation to run with operationName.', 'BAD_USER_INPUT');
        const costly = options.cost(document, payload.variables, payload.operationName);
        if (costly) return [costly];
        const context: RouterContext = {
          viewer: session.viewer,
          authorization: session.authorization,
          clientAddress: session.clientAddress,
          correlationId: randomUUID(),
        };
        const base = { schema: current, document, variableValues: payload.variables ?? {}, operationName: payload.operationName ?? null };

        if (operation.operation !== 'subscription') {
          const contextValue: OperationContext = {
            kind: 'operation',
            query,
            variables: payload.variables ?? {},
            ...(payload.operationName ? { operationName: payload.operationName } : {}),
            context,
          };
          return { ...base, contextValue } satisfies ExecutionArgs;
        }

        if (!hub) return failure('Live updates are not enabled on this router.', 'SERVICE_UNAVAILABLE');
        const root = subscriptionRoot(current, operation, payload.variables);
        if (Array.isArray(root)) return root;
        const field = fields[root.field];
        if (!field) return failure(`The router does not serve ${root.field}.`, 'BAD_USER_INPUT');
        const after = root.args.after;
        const prepared = preparePayloadQuery(current, document, operation, root, payload.variables, field.resolveWith);
        const subscribed = await hub.subscribe({
          prepared,
          viewer: session.viewer,
          context,
          ...(typeof after === 'string' ? { after } : {}),
          drop: (reason) => ctx.extra.socket.close(SLOW_CONSUMER_CLOSE_CODE, reason),
        });
        if (Array.isArray(subscribed)) return subscribed;
        const contextValue: OperationContext = { kind: 'subscription', subscriber: subscribed };
        return { ...base, contextValue } satisfies ExecutionArgs;
      },
      // Results come out of Apollo Server (and the hub) already formatted: errors masked and
      // coded by formatError. onNext sends them as they are.
      execute: async (args) => {
        const operation = args.contextValue as OperationContext;
        if (operation.kind !== 'operation') throw new Error('not an operation');
        return (await execute(operation.query, operation.variables, operation.context, operation.operationName)) as ExecutionResult;
      },
      subscribe: (args) => {
        const operation = args.contextValue as OperationContext;
        if (operation.kind !== 'subscription') throw new Error('not a subscription');
        return operation.subscriber as unknown as AsyncIterable<ExecutionResult>;
      },
      onNext: (_ctx, _id, _payload, _args, result) => result as FormattedExecutionResult,
    },
    wss,
  );
  wss.on('error', (err) => logger.error({ err }, 'websocket server error'));
  // Registered after graphql-ws's own listener, which would print every socket error to the
  // console as a fault of ours: a message over the size limit is the client's, and ws has
  // already closed the socket with 1009 (Message Too Big).
  wss.on('connection', (socket) => {
    socket.removeAllListeners('error');
    socket.on('error', (err: Error & { code?: string }) => {
      if (err.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH') {
        logger.info({ limit: limits.bytes }, 'closed a socket that sent a message over the size limit');
        return;
      }
      logger.error({ err }, 'websocket error');
      socket.close(CloseCode.InternalServerError, 'Internal server error');
    });
  });
  return {
    close: async () => {
      await graphqlWs.dispose();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}
