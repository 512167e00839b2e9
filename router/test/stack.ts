// Boots the real customers, catalog, inventory and reviews subgraphs (with the catalog's
// outbox relay, the inventory and reviews consumers, and with the saga the customers' outbox
// relay) and the router in this process, on ephemeral ports, against the local PostgreSQL,
// FerretDB and Kafka.
import { randomBytes, randomUUID } from 'node:crypto';
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Connection } from 'mongoose';
import pg from 'pg';
import type { DataSource } from 'typeorm';
import {
  connectMongo,
  createHttpSessionLookup,
  createJwksVerifier,
  createPostgresDataSource,
  type Role,
  type SubgraphServer,
  type TokenSettings,
} from '@commerce/service-kit';
import type { Kafka } from 'kafkajs';
import { TOPICS, createEventProducer, startConsumerTable, type EventProducer } from '@commerce/events';
import { createKafka } from '@commerce/service-kit';
import { infra, liveGroup, testLogger, unique } from '@commerce/testkit';
import { createServer as createCatalog } from '../../subgraphs/catalog/src/server.ts';
import { createDeps as createCatalogDeps } from '../../subgraphs/catalog/src/deps.ts';
import { generateSigningJwk, signingKeysFrom, type SigningKeys } from '../../subgraphs/customers/src/auth/keys.ts';
import type { ThrottleSettings } from '../../subgraphs/customers/src/auth/throttle.ts';
import { signAccessToken, type AccessToken } from '../../subgraphs/customers/src/auth/tokens.ts';
import { createDeps } from '../../subgraphs/customers/src/deps.ts';
import { createServer as createCustomers } from '../../subgraphs/customers/src/server.ts';
import { ensureAdmin } from '../../subgraphs/customers/src/services/auth-service.ts';
import { entities, migrations } from '../../subgraphs/customers/src/store/customer-store.ts';
import { startMongoOutboxRelay } from '@commerce/outbox';
import { createDeps as createInventoryDeps } from '../../subgraphs/inventory/src/deps.ts';
import { consumerTable as inventoryConsumerTable } from '../../subgraphs/inventory/src/events/consumers.ts';
import { createServer as createInventory } from '../../subgraphs/inventory/src/server.ts';
import { entities as inventoryEntities, migrations as inventoryMigrations } from '../../subgraphs/inventory/src/store/index.ts';
import { createDeps as createReviewsDeps } from '../../subgraphs/reviews/src/deps.ts';
import { consumerTable as reviewsConsumerTable } from '../../subgraphs/reviews/src/events/consumers.ts';
import { createServer as createReviews } from '../../subgraphs/reviews/src/server.ts';
import { PRODUCTS_COLLECTION as REVIEWS_PRODUCTS, ratingLock } from '../../subgraphs/reviews/src/store/product-store.ts';
import { consumerTable as searchConsumerTable } from '../../subgraphs/search/src/events/consumers.ts';
import { createServer as createSearch } from '../../subgraphs/search/src/server.ts';
import { remoteCategoryTree } from '../../subgraphs/search/src/services/category-tree.ts';
import { createIndexer } from '../../subgraphs/search/src/services/indexer.ts';
import { createSearchStore } from '../../subgraphs/search/src/store/search-store.ts';
import { createGateway } from '../src/gateway.ts';
import { createTrustedDocuments, type TrustedDocumentsMode } from '../src/persisted/index.ts';
import { startSagaServices, type SagaOptions, type SagaServices } from './saga-services.ts';
import { startOutboxRelay } from '@commerce/outbox';
import { createRouter, type Router } from '../src/server.ts';
import type { Guardrails } from '../src/guardrails/index.ts';

const SUPERGRAPH = new URL('../../schema/supergraph.graphql', import.meta.url);
/** Shared by the stack's router and customers, as ROUTER_SIGNING_SECRET is in production. */
const ROUTER_SIGNING_SECRET = `stack-router-signing-secret-${randomUUID()}`;

export interface Stack {
  /** The router's GraphQL URL. */
  url: string;
  router: Router;
  customersUrl: string;
  catalogUrl: string;
  supergraphPath: string;
  /** What a router process needs to run over this stack (SUBGRAPH_URL_*, auth, signing secret, supergraph). */
  routerEnv: Record<string, string>;
  keys: SigningKeys;
  /** An access token as customers would sign it, issued at `issuedAt` (so that it expires when a test needs). */
  signAccessToken(subject: { id: string; roles: Role[]; sessionId: string }, issuedAt?: Date): Promise<AccessToken>;
  tokenSettings: TokenSettings;
  dataSource: DataSource;
  /** The catalog's connection, with command monitoring on. */
  mongo: Connection;
  /** The reviews connection, with command monitoring on. */
  reviewsMongo: Connection;
  /** Every SQL statement inventory sent. */
  inventoryQueries: string[];
  inventoryDataSource: DataSource;
  /** The stack's inventory stores, for steps no other consumer on the shared broker may take first (a release of this run's order). */
  inventory: ReturnType<typeof createInventoryDeps>;
  saga: SagaServices | undefined;
  kafka: Kafka;
  producer: EventProducer;
  admin: { email: string; password: string; id: string };
  /**
   * Another router replica over the same subgraphs (closed with the stack); `subgraphUrls`
   * points some of them elsewhere (e.g. at a closed port, to play a subgraph that is down).
   */
  startRouter(options?: RouterOptions): Promise<{ url: string; router: Router }>;
  close(): Promise<void>;
}

export interface RouterOptions {
  subgraphUrls?: Record<string, string>;
  /** Replaces the stack's guardrails (rate limits its own traffic never reaches, shared through the `router` database). */
  guardrails?: Partial<Guardrails>;
  /** Believe X-Forwarded-For (tests play many client addresses with it). */
  trustProxy?: boolean;
  trustedDocuments?: StackOptions['trustedDocuments'];
}

/** Budgets no test's own traffic spends; rate limit tests set their own. */
export const STACK_RATE_LIMITS = { durationSeconds: 60, anonymousPoints: 1_000_000, customerPoints: 1_000_000, adminPoints: 1_000_000 };

export interface StackOptions {
  /** The first router's guardrails (see RouterOptions). */
  guardrails?: Partial<Guardrails>;
  trustProxy?: boolean;
  throttle?: Partial<ThrottleSettings>;
  /** Records sign-in slowdowns instead of waiting them out. */
  throttleSleep?: (ms: number) => Promise<void>;
  /** How long every verifier trusts a session's `active` answer (default 5). */
  sessionCacheSeconds?: number;
  /** Run the catalog relay and the inventory and reviews consumers (slower to start). */
  events?: boolean;
  /** Also run orders, payments and shipping with their relays and consumers (implies events). */
  saga?: SagaOptions;
  /**
   * Also run search on an index alias of its own, fed by this run's catalog, inventory and
   * reviews events (implies events; runs the inventory and reviews relays).
   */
  search?: boolean;
  /** The router's per-subscriber queue limit (with events). */
  subscriptionQueueLimit?: number;
  /** Trusted documents: per-client (mobile held to its manifest, the default) or enforce; the repository's clients/ unless told. */
  trustedDocuments?: { mode?: TrustedDocumentsMode; manifestsDir?: string; persistedOnly?: string[] };
}

export async function startStack(input: StackOptions = {}): Promise<Stack> {
  const options = { ...input, events: input.events || input.saga !== undefined || input.search === true };
  const logger = testLogger('stack');
  const tokenSettings = { issuer: 'urn:commerce:customers', audience: 'urn:commerce:api' };
  const sessionCacheSeconds = options.sessionCacheSeconds ?? 5;
  const dataSource = await createPostgresDataSource({
    url: infra.postgresUrl('customers'),
    applicationName: 'customers',
    entities,
    migrations,
    logger,
  });
  const pool = new pg.Pool({ connectionString: infra.postgresUrl('customers'), max: 2 });
  const keys = await signingKeysFrom([await generateSigningJwk()]);
  const deps = await createDeps({
    dataSource,
    pool,
    logger,
    keys,
    tokenSettings,
    sessionCacheSeconds,
    routerSigningSecret: ROUTER_SIGNING_SECRET,
    throttle: {
      accountAddressFailures: 5,
      addressFailures: 1000,
      windowSeconds: 60,
      slowAfter: 100,
      slowStepMs: 0,
      slowMaxMs: 0,
      ...options.throttle,
    },
    ...(options.throttleSleep ? { throttleSleep: options.throttleSleep } : {}),
  });
  const admin = { email: `${unique('admin')}@example.com`, password: 'admin-password-1' };
  const adminId = await ensureAdmin(deps, admin);
  const customers = await createCustomers(deps);
  const customersPort = await customers.listen(0, '127.0.0.1');
  const customersUrl = `http://127.0.0.1:${customersPort}/graphql`;
  const jwksUrl = `http://127.0.0.1:${customersPort}/.well-known/jwks.json`;
  const sessionsUrl = `http://127.0.0.1:${customersPort}/sessions`;

  const verifyToken = createJwksVerifier(jwksUrl, tokenSettings, {
    sessions: { lookup: createHttpSessionLookup(sessionsUrl), cacheSeconds: sessionCacheSeconds, logger },
  });
  const kafka = createKafka({ clientId: 'stack', brokers: infra.kafkaBrokers, logger });
  const producer = createEventProducer(kafka);
  await producer.connect();
  // The saga's orders copy saved addresses from customers.events (placeOrder by shippingAddressId).
  const customersRelay = options.saga
    ? await startOutboxRelay({ producer, logger, databaseUrl: infra.postgresUrl('customers'), pollIntervalMs: 200 })
    : undefined;

  // catalog, with its outbox relay so that inventory and reviews hear about new products
  const mongo = await connectMongo(infra.mongoUrl('catalog'), { monitorCommands: true });
  const catalogDeps = await createCatalogDeps({ connection: mongo, logger, verifyToken, currency: 'EUR', eventsWritten: () => relay?.wake() });
  const relay = options.events
    ? startMongoOutboxRelay({
        connection: mongo,
        collectionName: catalogDeps.products.collectionName,
        locks: catalogDeps.locks,
        lockName: (id) => `product:${id}`,
        topic: TOPICS.catalog,
        producer,
        logger,
        pollIntervalMs: 200,
      })
    : undefined;
  const catalog: SubgraphServer = await createCatalog(catalogDeps);
  const catalogUrl = `http://127.0.0.1:${await catalog.listen(0, '127.0.0.1')}/graphql`;

  // inventory, consuming only what this run produces
  const inventoryQueries: string[] = [];
  const inventoryDataSource = await createPostgresDataSource({
    url: infra.postgresUrl('inventory'),
    applicationName: 'inventory',
    entities: inventoryEntities,
    migrations: inventoryMigrations,
    logger,
    onQuery: (sql) => inventoryQueries.push(sql),
  });
  const inventoryDeps = createInventoryDeps({ dataSource: inventoryDataSource, logger, verifyToken, reservationTtlSeconds: 900 });
  const inventoryConsumers = options.events
    ? await startConsumerTable({
        kafka,
        logger,
        table: inventoryConsumerTable(inventoryDeps),
        groups: {
          ORDERS_CONSUMER_GROUP: await liveGroup(kafka, [TOPICS.orders], 'stack-inventory-'),
          CATALOG_CONSUMER_GROUP: await liveGroup(kafka, [TOPICS.catalog], 'stack-inventory-'),
        },
      })
    : undefined;
  // The saga needs inventory's answers (StockReserved …) on Kafka.
  const inventoryRelay = options.saga || options.search
    ? await startOutboxRelay({ producer, logger, databaseUrl: infra.postgresUrl('inventory'), pollIntervalMs: 200 })
    : undefined;
  const inventory: SubgraphServer = await createInventory(inventoryDeps);
  const inventoryUrl = `http://127.0.0.1:${await inventory.listen(0, '127.0.0.1')}/graphql`;

  // reviews, likewise
  const reviewsMongo = await connectMongo(infra.mongoUrl('reviews'), { monitorCommands: true });
  const reviewsDeps = await createReviewsDeps({ connection: reviewsMongo, logger, verifyToken });
  const reviewConsumers = options.events
    ? await startConsumerTable({
        kafka,
        logger,
        table: reviewsConsumerTable({ stores: reviewsDeps, logger }),
        groups: {
          CATALOG_CONSUMER_GROUP: await liveGroup(kafka, [TOPICS.catalog], 'stack-reviews-'),
          ORDERS_CONSUMER_GROUP: await liveGroup(kafka, [TOPICS.orders], 'stack-reviews-'),
        },
      })
    : undefined;
  const reviews: SubgraphServer = await createReviews(reviewsDeps);
  const reviewsUrl = `http://127.0.0.1:${await reviews.listen(0, '127.0.0.1')}/graphql`;
  // Search hears about ratings from reviews' outbox.
  const reviewsRelay = options.search
    ? startMongoOutboxRelay({
        connection: reviewsMongo,
        collectionName: REVIEWS_PRODUCTS,
        locks: reviewsDeps.locks,
        lockName: ratingLock,
        topic: TOPICS.reviews,
        producer,
        logger,
        pollIntervalMs: 200,
      })
    : undefined;
  if (reviewsRelay) reviewsDeps.wakeRelay = reviewsRelay.wake;

  // search, on an index of its own, consuming only what this run produces
  const searchStore = options.search
    ? createSearchStore({ url: process.env.OPENSEARCH_URL ?? 'http://127.0.0.1:9200', alias: `stack-${randomUUID().slice(0, 8)}`, synonyms: [] })
    : undefined;
  await searchStore?.ensureIndices();
  const searchConsumers = searchStore
    ? await startConsumerTable({
        kafka,
        logger,
        table: searchConsumerTable(createIndexer(searchStore)),
        fromBeginning: false,
        groups: {
          CATALOG_CONSUMER_GROUP: await liveGroup(kafka, [TOPICS.catalog], 'stack-search-'),
          INVENTORY_CONSUMER_GROUP: await liveGroup(kafka, [TOPICS.inventory], 'stack-search-'),
          REVIEWS_CONSUMER_GROUP: await liveGroup(kafka, [TOPICS.reviews], 'stack-search-'),
        },
      })
    : undefined;
  const search: SubgraphServer | undefined = searchStore
    ? await createSearch({
        store: searchStore,
        categories: remoteCategoryTree({ catalogUrl, ttlMs: 500, logger }),
        currency: 'EUR',
        logger,
      })
    : undefined;
  const searchUrl = search ? `http://127.0.0.1:${await search.listen(0, '127.0.0.1')}/graphql` : undefined;

  const saga: SagaServices | undefined = options.saga
    ? await startSagaServices({ kafka, producer, logger, verifyToken, saga: options.saga })
    : undefined;

  // A private copy of the supergraph, so a test may rewrite it.
  const dir = await mkdtemp(join(tmpdir(), 'router-test-'));
  const supergraphPath = join(dir, 'supergraph.graphql');
  await copyFile(SUPERGRAPH, supergraphPath);
  const routers: Router[] = [];
  const routerPools: pg.Pool[] = [];
  // Shared by the replicas, as in production, so a cursor from one resumes on another.
  const cursorKeys = [randomBytes(32).toString('base64url')];
  /** A router over this stack's subgraphs; more than one behave like replicas behind a balancer. */
  // Rate limits are counted where every replica sees them, as in production.
  const rateLimitPool = new pg.Pool({ connectionString: infra.postgresUrl('router'), max: 4, connectionTimeoutMillis: 1_000, query_timeout: 1_000 });
  rateLimitPool.on('error', () => undefined);
  async function startRouter(overrides: RouterOptions = {}): Promise<{ url: string; router: Router }> {
    const documents = overrides.trustedDocuments ?? options.trustedDocuments;
    const gateway = createGateway({
      supergraphPath,
      signingSecret: ROUTER_SIGNING_SECRET,
      logger,
      subgraphUrls: {
        customers: customersUrl,
        catalog: catalogUrl,
        inventory: inventoryUrl,
        reviews: reviewsUrl,
        ...(searchUrl ? { search: searchUrl } : {}),
        ...saga?.urls,
        ...overrides.subgraphUrls,
      },
    });
    // Each replica has its own pool on the shared router database, as in production.
    const routerPool = new pg.Pool({ connectionString: infra.postgresUrl('router'), max: 2 });
    routerPools.push(routerPool);
    const trustedDocuments = await createTrustedDocuments({
      manifestsDir: documents?.manifestsDir ?? fileURLToPath(new URL('../../clients', import.meta.url)),
      mode: documents?.mode ?? 'per-client',
      ...(documents?.persistedOnly ? { persistedOnly: documents.persistedOnly } : {}),
      pool: routerPool,
      apqTtlSeconds: 3600,
      logger,
    });
    await trustedDocuments.storeReady;
    // With events on, the router serves subscriptions from the same Kafka.
    const router: Router = await createRouter({
      gateway,
      logger,
      verifyToken,
      trustedDocuments,
      guardrails: { rateLimits: STACK_RATE_LIMITS, ...overrides.guardrails },
      rateLimitPool,
      ...(overrides.trustProxy ? { trustProxy: true } : {}),
      subscriptions: { sessionRecheckMs: 500, ...(options.events ? { queueLimit: options.subscriptionQueueLimit ?? 256, cursorKeys } : {}) },
      ...(options.events ? { kafka } : {}),
    });
    routers.push(router);
    const url = `http://127.0.0.1:${await router.listen(0, '127.0.0.1')}/graphql`;
    await router.subscriptionsReady;
    return { url, router };
  }
  const { url, router } = await startRouter({
    ...(options.guardrails ? { guardrails: options.guardrails } : {}),
    ...(options.trustProxy ? { trustProxy: true } : {}),
  });

  const subgraphUrls: Record<string, string> = { customers: customersUrl, catalog: catalogUrl, inventory: inventoryUrl, reviews: reviewsUrl, ...saga?.urls };
  return {
    url,
    router,
    customersUrl,
    catalogUrl,
    routerEnv: {
      ...Object.fromEntries(Object.entries(subgraphUrls).map(([name, value]) => [`SUBGRAPH_URL_${name.toUpperCase()}`, value])),
      AUTH_JWKS_URL: customersUrl.replace('/graphql', '/.well-known/jwks.json'),
      AUTH_SESSIONS_URL: customersUrl.replace('/graphql', '/sessions'),
      ROUTER_SIGNING_SECRET,
      SUPERGRAPH_PATH: supergraphPath,
    },
    supergraphPath,
    keys,
    signAccessToken: (subject, issuedAt) => signAccessToken(keys, tokenSettings, subject, issuedAt),
    tokenSettings,
    dataSource,
    mongo,
    reviewsMongo,
    inventoryQueries,
    inventoryDataSource,
    inventory: inventoryDeps,
    saga,
    kafka,
    producer,
    admin: { ...admin, id: adminId },
    startRouter,
    async close() {
      await Promise.all(routers.map((r) => r.close()));
      await Promise.all(routerPools.map((p) => p.end()));
      await Promise.all([customers.close(), catalog.close(), inventory.close(), reviews.close(), search?.close()]);
      await saga?.stop();
      await Promise.all([relay?.stop(), inventoryConsumers?.stop(), reviewConsumers?.stop(), searchConsumers?.stop(), reviewsRelay?.stop()]);
      await searchStore?.dropAll();
      await searchStore?.close();
      await Promise.all([inventoryRelay?.stop(), customersRelay?.stop()]);
      await producer.disconnect();
      await rateLimitPool.end();
      await Promise.all([dataSource.destroy(), pool.end(), mongo.close(), inventoryDataSource.destroy(), reviewsMongo.close()]);
      await rm(dir, { recursive: true, force: true });
    },
  };
}
