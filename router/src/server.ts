import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginDisableSuggestions } from '@apollo/server/plugin/disableSuggestions';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import type { ApolloGateway } from '@apollo/gateway';
import { randomBytes, randomUUID } from 'node:crypto';
import { GraphQLError, type GraphQLSchema } from 'graphql';
import type { Kafka } from 'kafkajs';
import type { Pool } from 'pg';
import pRetry from 'p-retry';
import {
  clientAddress,
  correlationIdOf,
  createErrorFormatter,
  createHttpServer,
  rejectUnstorableText,
  viewerFromHeader,
  type Logger,
  type TokenVerifier,
} from '@commerce/service-kit';
import type { RouterContext } from './context.ts';
import { DEFAULT_GUARDRAILS, checkCost, corsMiddleware, costLimitPlugin, costSchemaFromSdl, createRateLimiter, type Guardrails } from './guardrails/index.ts';
import { authorizationPlugin } from './guardrails/authorization.ts';
import { publicGetCaching } from './cache-headers.ts';
import { limitRulesFor, parseOptionsFor } from './limits.ts';
import { createMetrics } from './metrics.ts';
import { mergingOperations } from './operation-merging.ts';
import type { TrustedDocuments } from './persisted/index.ts';
import { followedBy, subscriptionFields, topicsOf, type SubscriptionField } from './subscriptions/config.ts';
import { EventFeed } from './subscriptions/feed.ts';
import { SubscriptionHub, type Execute } from './subscriptions/hub.ts';
import { attachSubscriptions } from './subscriptions/server.ts';

export interface RouterDeps {
  gateway: ApolloGateway;
  logger: Logger;
  verifyToken: TokenVerifier;
  /** Identical query operations in flight at once are executed once (default on; operation-merging.ts). */
  mergeOperations?: boolean;
  /** Default: on, except in production mode (guardrails.production). */
  introspection?: boolean;
  /** How long a CDN may keep an anonymous query's answer to GET (`public, max-age`); 0: never (default 10). */
  publicGetMaxAgeSeconds?: number;
  /** Trust X-Forwarded-For from a load balancer in front of the router. */
  trustProxy?: boolean;
  /** Limits, CORS, rate limits and production mode (defaults: DEFAULT_GUARDRAILS). */
  guardrails?: Partial<Guardrails>;
  /**
   * Bench baselines only (`npm run bench -- guardrails`): no operation limits, cost, rate limits
   * or @authenticated/@requiresScopes checks, to measure what they cost.
   */
  unguarded?: boolean;
  /** The `router` database, where every replica counts rate limits (memory only without it). */
  rateLimitPool?: Pool;
  /** Serves subscriptions from these Kafka brokers' events; without it they are refused. */
  kafka?: Kafka;
  /** Persisted queries: the clients' manifests, APQ shared by the replicas, and who must use them. */
  trustedDocuments?: TrustedDocuments;
  subscriptions?: {
    fields?: Record<string, SubscriptionField>;
    /** Payloads a subscriber may have waiting before it is dropped (default 256). */
    queueLimit?: number;
    /**
     * HMAC keys that sign resume cursors: the first signs, all verify. Every replica needs the
     * same keys; without any, a random key of this process signs (cursors then resume on this
     * process only, until it restarts).
     */
    cursorKeys?: readonly string[];
    /** How often an open socket's token and session are checked again (default 5 s). */
    sessionRecheckMs?: number;
  };
}

/** The gateway cannot run subscriptions: over HTTP they get a pointer to the socket. */
const subscriptionsOverHttpRefused: ApolloServerPlugin<RouterContext> = {
  requestDidStart: async () => ({
    didResolveOperation: async ({ operation }) => {
      if (operation?.operation !== 'subscription') return;
      throw new GraphQLError('Subscriptions are served over WebSocket (graphql-ws, subprotocol graphql-transport-ws) on this same URL.', {
        extensions: { code: 'BAD_REQUEST', http: { status: 400 } },
      });
    },
  }),
};

/** The router: the gateway inside Apollo Server on HTTP, plus graphql-ws on the same port and path. */
export async function createRouter(deps: RouterDeps) {
  const { gateway, logger, verifyToken, trustProxy = false, kafka } = deps;
  const metrics = createMetrics();
  const fields = deps.subscriptions?.fields ?? subscriptionFields;
  const guardrails: Guardrails = { ...DEFAULT_GUARDRAILS, ...deps.guardrails };
  const { limits } = guardrails;
  const introspection = deps.introspection ?? !guardrails.production;
  const guarded = !deps.unguarded;
  const rateLimiter = guarded && guardrails.rateLimits ? createRateLimiter({ settings: guardrails.rateLimits, pool: deps.rateLimitPool, logger }) : undefined;

  let hub: SubscriptionHub | undefined;
  let apiSchema: GraphQLSchema | undefined;
  // The supergraph keeps @cost/@listSize, which the API schema drops: operations are costed on it.
  let costSchema: GraphQLSchema | undefined;
  // Registered before the first load. A reload ends every subscription so clients resubscribe
  // against the new supergraph.
  gateway.onSchemaLoadOrUpdate(({ apiSchema: next, coreSupergraphSdl }) => {
    const reloaded = apiSchema !== undefined;
    apiSchema = next;
    try {
      costSchema = costSchemaFromSdl(coreSupergraphSdl);
    } catch (err) {
      // The gateway accepted this supergraph; costing keeps the previous one rather than stopping it.
      logger.error({ err }, 'could not read costs from the new supergraph; costing on the previous one');
    }
    if (reloaded) {
      hub?.endAll({ errors: [{ message: 'The supergraph changed; subscribe again.', extensions: { code: 'SUPERGRAPH_RELOADED' } }] });
    }
  });

  const apollo = new ApolloServer<RouterContext>({
    gateway: deps.mergeOperations === false ? gateway : mergingOperations(gateway, () => metrics.operationsMerged.inc()),
    formatError: createErrorFormatter(logger),
    includeStacktraceInErrorResponses: false,
    introspection,
    // onShutdown stops the router in order; Apollo's own signal handler would exit midway.
    stopOnTerminationSignals: false,
    // Unstorable text is refused at the edge with a 400, before any subgraph is asked (they refuse it too).
    plugins: [
      subscriptionsOverHttpRefused,
      rejectUnstorableText<RouterContext>(),
      ...(guarded
        ? [
            costLimitPlugin<RouterContext>(() => costSchema, limits),
            // @authenticated / @requiresScopes, read (like costs) from the supergraph.
            authorizationPlugin<RouterContext>(() => costSchema),
          ]
        : []),
      publicGetCaching(deps.publicGetMaxAgeSeconds ?? 10),
      ...(guardrails.production ? [ApolloServerPluginLandingPageDisabled(), ApolloServerPluginDisableSuggestions()] : []),
    ],
    ...(deps.trustedDocuments ? { persistedQueries: deps.trustedDocuments.persistedQueries } : {}),
    ...(guarded ? { parseOptions: parseOptionsFor(limits), validationRules: limitRulesFor(limits) } : {}),
  });
  await apollo.start();

  const execute: Execute = async (query, variables, contextValue, operationName) => {
    const response = await apollo.executeOperation({ query, variables, ...(operationName ? { operationName } : {}) }, { contextValue });
    if (response.body.kind !== 'single') throw new Error('incremental delivery is not supported over the socket');
    return response.body.singleResult;
  };

  let feed: EventFeed | undefined;
  let stopping = false;
  let subscriptionsReady: Promise<void> = Promise.resolve();
  if (kafka) {
    // Queries keep working while Kafka is away; subscriptions are refused until the feed is up.
    const startFeed = (current: EventFeed) =>
      pRetry(() => (stopping ? Promise.resolve() : current.start()), {
        retries: Number.POSITIVE_INFINITY,
        maxTimeout: 10_000,
        onFailedAttempt: ({ error }) => logger.warn({ err: error }, 'subscription feed could not start; retrying'),
      });
    const createFeed = (): EventFeed =>
      new EventFeed({
        kafka,
        topics: topicsOf(fields),
        follows: followedBy(fields),
        logger,
        onRecord: (record) => hub?.dispatch(record),
        // Subscribers cannot know what they missed meanwhile: end them (their cursors resume
        // them), and read on from a new feed.
        onFailure: () => {
          hub?.endAll({ errors: [{ message: 'Live updates were interrupted; resubscribe with your last cursor.', extensions: { code: 'SERVICE_UNAVAILABLE' } }] });
          const failed = feed;
          feed = createFeed();
          hub?.useFeed(feed);
          void failed?.stop().catch(() => undefined);
          void startFeed(feed);
        },
      });
    feed = createFeed();
    let cursorKeys = deps.subscriptions?.cursorKeys ?? [];
    if (cursorKeys.length === 0) {
      logger.warn('no subscription cursor keys: cursors resume on this process only (set SUBSCRIPTION_CURSOR_KEYS)');
      cursorKeys = [randomBytes(32).toString('base64url')];
    }
    hub = new SubscriptionHub({ fields, feed, execute, metrics: metrics.subscriptions, logger, queueLimit: deps.subscriptions?.queueLimit ?? 256, cursorKeys });
    subscriptionsReady = startFeed(feed);
  }

  const http = createHttpServer({
    apollo,
    logger,
    bodyLimit: `${limits.bytes}b`,
    readiness: kafka ? [{ name: 'subscriptions', check: async () => { if (!feed?.ready) throw new Error('feed not started'); } }] : [],
    routes: (app) => {
      app.use('/graphql', corsMiddleware(guardrails.cors));
      app.get('/metrics', async (_req, res) => {
        res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
      });
    },
    // An invalid token is refused here (401) before any subgraph is called; anonymous
    // requests pass with no identity.
    context: async ({ req }) => {
      deps.trustedDocuments?.checkHttp(req);
      const viewer = await viewerFromHeader(req.headers.authorization, verifyToken);
      const address = clientAddress(req, trustProxy);
      // Spent before anything is parsed: a refused request costs one counter update.
      const limited = await rateLimiter?.consume({ viewer, clientAddress: address });
      if (limited) throw limited;
      return {
        ...(viewer ? { viewer, authorization: req.headers.authorization } : {}),
        clientAddress: address,
        correlationId: correlationIdOf(req) ?? randomUUID(),
      };
    },
  });
  const subscriptions = attachSubscriptions({
    server: http.server,
    logger,
    verifyToken,
    schema: () => apiSchema,
    execute,
    fields,
    hub,
    trustProxy,
    trustedDocuments: deps.trustedDocuments,
    limits,
    admit: async (client) => rateLimiter?.consume(client),
    ...(deps.subscriptions?.sessionRecheckMs ? { sessionRecheckMs: deps.subscriptions.sessionRecheckMs } : {}),
    cost: (document, variables, operationName) => checkCost(costSchema, document, variables, operationName, limits),
  });
  return {
    ...http,
    apollo,
    metrics,
    rateLimiter,
    /** Resolves once subscriptions are served (at once without Kafka). */
    subscriptionsReady,
    close: async () => {
      stopping = true;
      rateLimiter?.close();
      await subscriptions.close();
      await feed?.stop();
      await http.close();
      await apollo.stop();
      deps.trustedDocuments?.close();
    },
  };
}
export type Router = Awaited<ReturnType<typeof createRouter>>;
