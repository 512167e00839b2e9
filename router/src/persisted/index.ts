import { ErrorsAreMissesCache } from '@apollo/utils.keyvaluecache';
import pRetry from 'p-retry';
import type pg from 'pg';
import type { Logger } from '@commerce/service-kit';
import { createPersistedQueryCache } from './cache.ts';
import { createManifestRegistry } from './manifests.ts';
import { checkHttpRequest, createDocumentPolicy, resolveSocketDocument, type HttpRequestLike, type TrustedDocumentsMode } from './policy.ts';
import { PostgresKeyValueCache } from './postgres-cache.ts';

export { CLIENT_NAME_HEADER, type TrustedDocumentsMode } from './policy.ts';

export interface TrustedDocumentsOptions {
  /** The folder holding `<client>/persisted-query-manifest.json` (the repository's clients/). */
  manifestsDir: string;
  mode: TrustedDocumentsMode;
  /** Clients held to their manifest in per-client mode (default: mobile). */
  persistedOnly?: readonly string[];
  /** Where APQ registrations are shared by the replicas (the `router` database); without it, this process only. */
  pool?: pg.Pool;
  /** How long an APQ registration lives, in seconds; null for ever. */
  apqTtlSeconds: number | null;
  logger: Logger;
}

/** Trusted documents and APQ for the router: Apollo's persisted-query cache, the policy for HTTP and the socket. */
export async function createTrustedDocuments(options: TrustedDocumentsOptions) {
  const { logger } = options;
  const manifests = await createManifestRegistry({ dir: options.manifestsDir, logger });
  const policy = createDocumentPolicy({ mode: options.mode, manifests, ...(options.persistedOnly ? { persistedOnly: options.persistedOnly } : {}) });
  let store: PostgresKeyValueCache | undefined;
  let closed = false;
  let storeReady: Promise<void> = Promise.resolve();
  if (options.pool) {
    store = new PostgresKeyValueCache(options.pool);
    const ready = store;
    // The router serves without its database (registrations then miss and clients resend the
    // text); the table is created once PostgreSQL answers.
    storeReady = pRetry(async () => {
      if (closed) return;
      await ready.migrate();
      await ready.sweep();
    }, { retries: Number.POSITIVE_INFINITY, maxTimeout: 10_000, onFailedAttempt: ({ error }) => logger.warn({ err: error }, 'APQ store not ready; retrying') });
  }
  // A store that cannot answer is a miss (the client sends the text again), never a failed request.
  const cache = createPersistedQueryCache({ manifests, ...(store ? { store: new ErrorsAreMissesCache(store, logger) } : {}) });
  const ttl = options.apqTtlSeconds;
  return {
    manifests,
    policy,
    /** For ApolloServer's `persistedQueries`. */
    persistedQueries: { cache, ttl },
    /** Throws the refusal (a GraphQLError with HTTP 400) for an HTTP request its client may not send. */
    checkHttp: (req: HttpRequestLike) => checkHttpRequest(policy, req),
    resolveSocket: (payload: { clientName: string | undefined; query: string | undefined; extensions: unknown }) =>
      resolveSocketDocument(policy, (key) => cache.get(key), payload),
    /** Stores an APQ registration made over the socket (after it validated). */
    register: (key: string, query: string) =>
      cache.set(key, query, { ttl }).catch((err: unknown) => logger.warn({ err }, 'could not store an APQ registration')),
    /** Resolves once the shared APQ store has its table. */
    storeReady,
    close: () => {
      closed = true;
      manifests.close();
    },
  };
}
export type TrustedDocuments = Awaited<ReturnType<typeof createTrustedDocuments>>;
