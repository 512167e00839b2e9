import { GraphQLError } from 'graphql';
import { operationId } from '@commerce/trusted-documents';
import type { ManifestRegistry } from './manifests.ts';

/**
 * `per-client`: the clients in `persistedOnly` (the mobile app) may run their manifest's
 * operations only; the others may also send query text and register APQ.
 * `enforce` (production): every client is held to its own manifest, admin included.
 */
export type TrustedDocumentsMode = 'per-client' | 'enforce';

export interface DocumentPolicyOptions {
  mode: TrustedDocumentsMode;
  /** Clients held to their manifest in `per-client` mode (default: mobile). */
  persistedOnly?: readonly string[];
  manifests: ManifestRegistry;
}

/** What a request asked to run: its client's name, the query text and the persisted-query hash, any of them absent. */
export interface DocumentRequest {
  clientName: string | undefined;
  query: string | undefined;
  sha256Hash: string | undefined;
}

export const CLIENT_NAME_HEADER = 'apollographql-client-name';

const refused = (code: 'PERSISTED_QUERY_REQUIRED' | 'PERSISTED_QUERY_NOT_FOUND', message: string) =>
  new GraphQLError(message, { extensions: { code, http: { status: 400 } } });

/** The persisted-query hash of a request's extensions, when it has one. */
export function persistedHashOf(extensions: unknown): string | undefined {
  const hash = (extensions as { persistedQuery?: { sha256Hash?: unknown } } | undefined)?.persistedQuery?.sha256Hash;
  return typeof hash === 'string' ? hash : undefined;
}

export function createDocumentPolicy(options: DocumentPolicyOptions) {
  const persistedOnly = new Set(options.persistedOnly ?? ['mobile']);
  const { manifests } = options;

  const heldToManifest = (clientName: string | undefined) => options.mode === 'enforce' || (clientName !== undefined && persistedOnly.has(clientName));

  return {
    mode: options.mode,
    heldToManifest,
    /** The body of one of this client's manifest operations. */
    trustedBody: (id: string, clientName: string | undefined) => manifests.body(id, clientName),
    /**
     * Refuses what this client may not run (an error, HTTP 400), else undefined. A client held
     * to its manifest must send the id of one of its operations and no query text.
     */
    check(request: DocumentRequest): GraphQLError | undefined {
      const { clientName, query, sha256Hash } = request;
      if (!heldToManifest(clientName)) return undefined;
      if (!clientName) {
        return refused('PERSISTED_QUERY_REQUIRED', `This router runs trusted operations only: name your client in the ${CLIENT_NAME_HEADER} header and send the id (extensions.persistedQuery.sha256Hash) of an operation in its manifest.`);
      }
      if (query || !sha256Hash) {
        return refused('PERSISTED_QUERY_REQUIRED', `Client "${clientName}" may run only the operations of its manifest: send extensions.persistedQuery.sha256Hash with no query text (see clients/${clientName}/persisted-query-manifest.json).`);
      }
      if (manifests.body(sha256Hash, clientName) === undefined) {
        return refused('PERSISTED_QUERY_NOT_FOUND', `No operation in the manifest of client "${clientName}" has the id ${sha256Hash}: rebuild the app against the router's manifests (npm run manifests).`);
      }
      return undefined;
    },
  };
}
export type DocumentPolicy = ReturnType<typeof createDocumentPolicy>;

/** What checkHttpRequest reads of an Express request. */
export interface HttpRequestLike {
  method: string;
  headers: Record<string, string | string[] | undefined>;
  body?: unknown;
  query?: unknown;
}

/**
 * Holds an HTTP request to the policy before Apollo Server reads a persisted query or parses
 * anything (called from the context function, whose GraphQLError Apollo answers as it is:
 * HTTP 400 with the code). Operations the router runs for itself (subscription payloads,
 * socket operations already checked) go through executeOperation and never come here.
 */
export function checkHttpRequest(policy: DocumentPolicy, req: HttpRequestLike): void {
  const named = req.headers[CLIENT_NAME_HEADER];
  const clientName = (Array.isArray(named) ? named[0] : named) || undefined;
  if (!policy.heldToManifest(clientName)) return;
  const requests: unknown[] = req.method === 'GET' ? [fromSearchParams(req.query)] : Array.isArray(req.body) ? req.body : [req.body];
  for (const request of requests) {
    const { query, extensions } = (request ?? {}) as { query?: unknown; extensions?: unknown };
    const error = policy.check({ clientName, query: typeof query === 'string' && query ? query : undefined, sha256Hash: persistedHashOf(extensions) });
    if (error) throw error;
  }
}

function fromSearchParams(params: unknown): { query?: unknown; extensions?: unknown } {
  const { query, extensions } = (params ?? {}) as { query?: unknown; extensions?: unknown };
  let parsed: unknown;
  try {
    parsed = typeof extensions === 'string' ? JSON.parse(extensions) : undefined;
  } catch {
    parsed = undefined;
  }
  return { query, extensions: parsed };
}

/** A graphql-ws subscribe payload resolved to the text to run, or refused. */
export type SocketDocument = { query: string; register?: { key: string; query: string } } | { error: GraphQLError };

/**
 * For graphql-ws, where Apollo Server's APQ does not reach: the payload's query, or the text
 * behind its `extensions.persistedQuery.sha256Hash` (graphql-ws needs a `query` string: send
 * `""`). Clients not held to a manifest may also run APQ registrations and register new ones.
 */
export async function resolveSocketDocument(
  policy: DocumentPolicy,
  lookup: (key: string) => Promise<string | undefined>,
  payload: { clientName: string | undefined; query: string | undefined; extensions: unknown },
): Promise<SocketDocument> {
  const query = payload.query || undefined;
  const sha256Hash = persistedHashOf(payload.extensions);
  const error = policy.check({ clientName: payload.clientName, query, sha256Hash });
  if (error) return { error };
  if (sha256Hash === undefined) {
    return query === undefined ? { error: new GraphQLError('Send a query, or the id of a persisted one in extensions.persistedQuery.sha256Hash.', { extensions: { code: 'BAD_REQUEST' } }) } : { query };
  }
  const key = `apq:${sha256Hash}`;
  if (query !== undefined) {
    if (operationId(query) !== sha256Hash) return { error: new GraphQLError('provided sha does not match query', { extensions: { code: 'BAD_REQUEST' } }) };
    return { query, register: { key, query } };
  }
  // A client held to its manifest runs its own operations only (check() made sure it is there).
  const text = policy.heldToManifest(payload.clientName) ? policy.trustedBody(sha256Hash, payload.clientName) : await lookup(key);
  if (text !== undefined) return { query: text };
  return { error: new GraphQLError('PersistedQueryNotFound', { extensions: { code: 'PERSISTED_QUERY_NOT_FOUND' } }) };
}
