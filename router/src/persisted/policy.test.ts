import assert from 'node:assert/strict';
import { test } from 'node:test';
import { operationId } from '@commerce/trusted-documents';
import { createPersistedQueryCache } from './cache.ts';
import type { ManifestRegistry } from './manifests.ts';
import { checkHttpRequest, createDocumentPolicy, resolveSocketDocument } from './policy.ts';

const body = 'query Me {\n  me {\n    id\n  }\n}';
const id = operationId(body);
const manifests: ManifestRegistry = {
  body: (hash, client) => (hash === id && (client === undefined || client === 'mobile') ? body : undefined),
  clients: () => ['mobile'],
  reload: async () => undefined,
  close: () => undefined,
};
const codeOf = (run: () => void) => {
  try {
    run();
    return undefined;
  } catch (err) {
    return (err as { extensions?: { code?: string } }).extensions?.code;
  }
};
const http = (client: string | undefined, request: { query?: string; id?: string }, method = 'POST') => {
  const extensions = request.id ? { persistedQuery: { version: 1, sha256Hash: request.id } } : undefined;
  return {
    method,
    headers: client ? { 'apollographql-client-name': client } : {},
    body: method === 'POST' ? { query: request.query, extensions } : undefined,
    query: method === 'GET' ? { query: request.query, ...(extensions ? { extensions: JSON.stringify(extensions) } : {}) } : undefined,
  };
};

test('per-client mode holds the mobile app to its manifest ids and lets other clients send text', () => {
  const policy = createDocumentPolicy({ mode: 'per-client', manifests });
  assert.equal(codeOf(() => checkHttpRequest(policy, http('mobile', { id }))), undefined);
  assert.equal(codeOf(() => checkHttpRequest(policy, http('mobile', { id }, 'GET'))), undefined);
  assert.equal(codeOf(() => checkHttpRequest(policy, http('mobile', { query: body }))), 'PERSISTED_QUERY_REQUIRED');
  assert.equal(codeOf(() => checkHttpRequest(policy, http('mobile', { query: body, id }))), 'PERSISTED_QUERY_REQUIRED');
  assert.equal(codeOf(() => checkHttpRequest(policy, http('mobile', { id: operationId('other') }, 'GET'))), 'PERSISTED_QUERY_NOT_FOUND');
  assert.equal(codeOf(() => checkHttpRequest(policy, http('storefront', { query: '{ me { id } }' }))), undefined);
  assert.equal(codeOf(() => checkHttpRequest(policy, http(undefined, { query: '{ me { id } }' }))), undefined);
});

test('enforce mode holds every client, named or not, to its own manifest', () => {
  const policy = createDocumentPolicy({ mode: 'enforce', manifests });
  assert.equal(codeOf(() => checkHttpRequest(policy, http('admin', { query: '{ me { id } }' }))), 'PERSISTED_QUERY_REQUIRED');
  assert.equal(codeOf(() => checkHttpRequest(policy, http('admin', { id }))), 'PERSISTED_QUERY_NOT_FOUND', "another client's id");
  assert.equal(codeOf(() => checkHttpRequest(policy, http(undefined, { id }))), 'PERSISTED_QUERY_REQUIRED');
  assert.equal(codeOf(() => checkHttpRequest(policy, http('mobile', { id }))), undefined);
});

test('a batch is refused when any of its operations is', () => {
  const policy = createDocumentPolicy({ mode: 'per-client', manifests });
  const batch = { method: 'POST', headers: { 'apollographql-client-name': 'mobile' }, body: [{ extensions: { persistedQuery: { version: 1, sha256Hash: id } } }, { query: body }] };
  assert.equal(codeOf(() => checkHttpRequest(policy, batch)), 'PERSISTED_QUERY_REQUIRED');
});

test('over the socket an id resolves to its text; APQ registers only for clients not held to a manifest, and only a matching hash', async () => {
  const policy = createDocumentPolicy({ mode: 'per-client', manifests });
  const registered = new Map<string, string>([[`apq:${operationId('{ a }')}`, '{ a }']]);
  const lookup = async (key: string) => registered.get(key);
  assert.deepEqual(await resolveSocketDocument(policy, lookup, { clientName: 'mobile', query: '', extensions: { persistedQuery: { sha256Hash: id } } }), { query: body });
  const apq = await resolveSocketDocument(policy, lookup, { clientName: 'mobile', query: '', extensions: { persistedQuery: { sha256Hash: operationId('{ a }') } } });
  assert.equal('error' in apq && apq.error.extensions.code, 'PERSISTED_QUERY_NOT_FOUND');
  assert.deepEqual(await resolveSocketDocument(policy, lookup, { clientName: 'storefront', query: '', extensions: { persistedQuery: { sha256Hash: operationId('{ a }') } } }), { query: '{ a }' });
  assert.deepEqual(await resolveSocketDocument(policy, lookup, { clientName: 'storefront', query: '{ b }', extensions: { persistedQuery: { sha256Hash: operationId('{ b }') } } }), {
    query: '{ b }',
    register: { key: `apq:${operationId('{ b }')}`, query: '{ b }' },
  });
  const forged = await resolveSocketDocument(policy, lookup, { clientName: 'storefront', query: '{ c }', extensions: { persistedQuery: { sha256Hash: id } } });
  assert.equal('error' in forged && forged.error.message, 'provided sha does not match query');
});

test("the persisted-query cache answers manifest ids first, then this process's LRU, then the shared store", async () => {
  const store = new Map<string, string>();
  const reads: string[] = [];
  const cache = createPersistedQueryCache({
    manifests,
    store: {
      get: async (key) => (reads.push(key), store.get(key)),
      set: async (key, value) => void store.set(key, value),
      delete: async (key) => store.delete(key),
    },
  });
  assert.equal(await cache.get(`apq:${id}`), body);
  assert.deepEqual(reads, [], 'manifest ids never reach the store');
  await cache.set('apq:x', '{ x }', { ttl: 60 });
  assert.equal(store.get('apq:x'), '{ x }', 'registrations are shared');
  store.set('apq:y', '{ y }');
  assert.equal(await cache.get('apq:y'), '{ y }', "another replica's registration");
  assert.equal(await cache.get('apq:y'), '{ y }');
  assert.deepEqual(reads, ['apq:y'], 'then served from the LRU');
});
