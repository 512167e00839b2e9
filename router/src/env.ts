import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { authEnvShape, baseEnvShape, csv, parseEnv, routerSigningEnvShape } from '@commerce/service-kit';

const parsed = parseEnv({
  ...baseEnvShape,
  ...authEnvShape,
  ...routerSigningEnvShape,
  PORT: z.coerce.number().int().min(0).default(4000),
  /** Set when a load balancer in front of the router sets X-Forwarded-For. */
  TRUST_PROXY: z.stringbool().default(false),
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
  /** The router's database: APQ registrations every replica sees. */
  DATABASE_URL: z.string().url().default('postgres://commerce:commerce@127.0.0.1:5432/router'),
  /** How long an APQ registration lives; 0 keeps it for ever. */
  APQ_TTL_SECONDS: z.coerce.number().int().min(0).default(86_400),
  SUPERGRAPH_PATH: z.string().default(fileURLToPath(new URL('../../schema/supergraph.graphql', import.meta.url))),
});
if (parsed.NODE_ENV === 'production' && parsed.SUBSCRIPTION_CURSOR_KEYS.length === 0 && parsed.KAFKA_BROKERS.length > 0) {
  // Without a shared key each replica would refuse the others' cursors.
  throw new Error('invalid environment:\n  SUBSCRIPTION_CURSOR_KEYS: required in production (the same keys on every replica)');
}
export const env = parsed;

/** SUBGRAPH_URL_<NAME>=url overrides the routing URL composed into the supergraph. */
export function subgraphUrlOverrides(source: Record<string, string | undefined> = process.env): Record<string, string> {
  return Object.fromEntries(
    Object.entries(source)
      .filter(([key, value]) => key.startsWith('SUBGRAPH_URL_') && value)
      .map(([key, value]) => [key.slice('SUBGRAPH_URL_'.length).toLowerCase(), value as string]),
  );
}
