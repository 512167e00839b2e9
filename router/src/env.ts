import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { REQUEST_LIMITS, type RequestLimits } from './limits.ts';
import { DEVELOPMENT_ORIGINS, type Guardrails } from './guardrails/index.ts';
import { authEnvShape, baseEnvShape, csv, parseEnv, routerSigningEnvShape } from '@commerce/service-kit';

const limit = (fallback: number) => z.coerce.number().int().min(1).default(fallback);

const parsed = parseEnv({
  ...baseEnvShape,
  ...authEnvShape,
  ...routerSigningEnvShape,
  PORT: z.coerce.number().int().min(0).default(4000),
  /** Set when a load balancer in front of the router sets X-Forwarded-For. */
  TRUST_PROXY: z.stringbool().default(false),
  /** Router processes sharing the port (router/src/workers.ts); 1 runs in this process alone. Default: one per core. */
  ROUTER_WORKERS: z.coerce.number().int().min(1).default(availableParallelism()),
  /** Identical in-flight subgraph fetches of queries share one call (docs/router.md). */
  SUBGRAPH_REQUEST_MERGING: z.stringbool().default(true),
  /** Identical query operations in flight at once are executed once (docs/router.md). */
  OPERATION_MERGING: z.stringbool().default(true),
  /** How long a CDN may keep an anonymous query's answer to GET; 0 never. */
  PUBLIC_GET_MAX_AGE_SECONDS: z.coerce.number().int().min(0).default(10),
  /** Subscriptions are fed from these brokers' events; empty turns subscriptions off. */
  KAFKA_BROKERS: csv.default(['127.0.0.1:9092']),
  /** Payloads one subscriber may have waiting before it is dropped as too slow. */
  SUBSCRIPTION_QUEUE_LIMIT: z.coerce.number().int().min(1).default(256),
  /**
   * HMAC keys (comma-separated, each at least 32 characters) that sign subscription resume
   * cursors. The first signs, all verify: rotate by putting a new key first. Every replica
   * needs the same list. Required in production.
   */
  SUBSCRIPTION_CURSOR_KEYS: csv.pipe(z.array(z.string().min(32, 'each key needs at least 32 characters'))).default([]),
  /**
   * Trusted documents: `per-client` holds PERSISTED_ONLY_CLIENTS to their manifest (others may
   * also send text and APQ); `enforce` holds every client to its manifest (production).
   */
  TRUSTED_DOCUMENTS: z.enum(['per-client', 'enforce']).default('per-client'),
  PERSISTED_ONLY_CLIENTS: csv.default(['mobile']),
  /** Where the clients' `<name>/persisted-query-manifest.json` are (reloaded on change). */
  TRUSTED_DOCUMENTS_DIR: z.string().default(fileURLToPath(new URL('../../clients', import.meta.url))),
  /** How long an APQ registration lives; 0 keeps it for ever. */
  APQ_TTL_SECONDS: z.coerce.number().int().min(0).default(86_400),
  SUPERGRAPH_PATH: z.string().default(fileURLToPath(new URL('../../schema/supergraph.graphql', import.meta.url))),

  // Request limits (limits.ts): one definition for HTTP and the socket.
  MAX_REQUEST_BYTES: limit(REQUEST_LIMITS.bytes),
  MAX_OPERATION_TOKENS: limit(REQUEST_LIMITS.tokens),
  MAX_OPERATION_ALIASES: limit(REQUEST_LIMITS.aliases),
  MAX_OPERATION_DEPTH: limit(REQUEST_LIMITS.depth),
  MAX_OPERATION_ROOT_FIELDS: limit(REQUEST_LIMITS.rootFields),
  MAX_OPERATION_DIRECTIVES: limit(REQUEST_LIMITS.directives),
  /** Estimated cost (demand control: @cost/@listSize in the subgraph schemas) one operation may have. */
  MAX_OPERATION_COST: limit(REQUEST_LIMITS.cost),
  /** The size assumed for a list field without @listSize when costing. */
  COST_DEFAULT_LIST_SIZE: limit(REQUEST_LIMITS.defaultListSize),

  /**
   * Browser origins allowed to call the router (comma-separated, exact `scheme://host:port`).
   * Default: the storefront's and admin's development servers; none in production.
   */
  CORS_ORIGINS: csv.optional(),
  CORS_MAX_AGE_SECONDS: z.coerce.number().int().min(0).default(600),

  /**
   * The router's own database (`router`), shared by every replica: APQ registrations and rate
   * limit counters. Empty keeps both in each process's memory only.
   */
  DATABASE_URL: z.string().default('postgres://commerce:commerce@127.0.0.1:5432/router'),
  RATE_LIMIT_DURATION_SECONDS: z.coerce.number().int().min(1).default(60),
  /** Requests per window per client address when not signed in; per customer; per admin. */
  RATE_LIMIT_ANONYMOUS_POINTS: z.coerce.number().int().min(1).optional(),
  RATE_LIMIT_CUSTOMER_POINTS: z.coerce.number().int().min(1).optional(),
  RATE_LIMIT_ADMIN_POINTS: z.coerce.number().int().min(1).optional(),
});
if (parsed.NODE_ENV === 'production' && parsed.SUBSCRIPTION_CURSOR_KEYS.length === 0 && parsed.KAFKA_BROKERS.length > 0) {
  // Without a shared key each replica would refuse the others' cursors.
  throw new Error('invalid environment:\n  SUBSCRIPTION_CURSOR_KEYS: required in production (the same keys on every replica)');
}
export const env = parsed;

/** The guardrails as configured; tests (NODE_ENV=test) get budgets their own traffic never spends. */
export function guardrailsFrom(source: typeof env): Guardrails {
  const limits: RequestLimits = {
    bytes: source.MAX_REQUEST_BYTES,
    tokens: source.MAX_OPERATION_TOKENS,
    aliases: source.MAX_OPERATION_ALIASES,
    depth: source.MAX_OPERATION_DEPTH,
    rootFields: source.MAX_OPERATION_ROOT_FIELDS,
    directives: source.MAX_OPERATION_DIRECTIVES,
    cost: source.MAX_OPERATION_COST,
    defaultListSize: source.COST_DEFAULT_LIST_SIZE,
  };
  const test = source.NODE_ENV === 'test';
  return {
    limits,
    cors: { origins: source.CORS_ORIGINS ?? (source.NODE_ENV === 'production' ? [] : DEVELOPMENT_ORIGINS), maxAgeSeconds: source.CORS_MAX_AGE_SECONDS },
    rateLimits: {
      durationSeconds: source.RATE_LIMIT_DURATION_SECONDS,
      anonymousPoints: source.RATE_LIMIT_ANONYMOUS_POINTS ?? (test ? 1_000_000 : 300),
      customerPoints: source.RATE_LIMIT_CUSTOMER_POINTS ?? (test ? 1_000_000 : 600),
      adminPoints: source.RATE_LIMIT_ADMIN_POINTS ?? (test ? 1_000_000 : 3_000),
    },
    production: source.NODE_ENV === 'production',
  };
}

/** SUBGRAPH_URL_<NAME>=url overrides the routing URL composed into the supergraph. */
export function subgraphUrlOverrides(source: Record<string, string | undefined> = process.env): Record<string, string> {
  return Object.fromEntries(
    Object.entries(source)
      .filter(([key, value]) => key.startsWith('SUBGRAPH_URL_') && value)
      .map(([key, value]) => [key.slice('SUBGRAPH_URL_'.length).toLowerCase(), value as string]),
  );
}
