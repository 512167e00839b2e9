import assert from 'node:assert/strict';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { operationId, parseManifest, type PersistedQueryManifest } from '@commerce/trusted-documents';
import { unique } from '@commerce/testkit';
import { startStack, type Stack } from './stack.ts';

const CLIENTS = fileURLToPath(new URL('../../clients', import.meta.url));
const mobileManifest = parseManifest(await readFile(join(CLIENTS, 'mobile/persisted-query-manifest.json'), 'utf8'));
const idOf = (manifest: PersistedQueryManifest, name: string) => manifest.operations.find((o) => o.name === name)!;

interface Sent {
  client?: string;
  query?: string;
  id?: string;
  operationName?: string;
  variables?: Record<string, unknown>;
  headers?: Record<string, string>;
}
const persisted = (id: string | undefined) => (id ? { persistedQuery: { version: 1, sha256Hash: id } } : undefined);
const headersOf = (sent: Sent) => ({
  ...(sent.client ? { 'apollographql-client-name': sent.client } : {}),
  ...(sent.operationName ? { 'x-apollo-operation-name': sent.operationName } : { 'apollo-require-preflight': 'true' }),
  ...sent.headers,
});

async function post(url: string, sent: Sent) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headersOf(sent) },
    body: JSON.stringify({ query: sent.query, operationName: sent.operationName, variables: sent.variables, extensions: persisted(sent.id) }),
  });
  return { status: response.status, body: (await response.json()) as { data?: any; errors?: { message: string; extensions?: { code?: string } }[] } };
}

async function get(url: string, sent: Sent) {
  const params = new URLSearchParams();
  if (sent.query) params.set('query', sent.query);
  if (sent.operationName) params.set('operationName', sent.operationName);
  if (sent.variables) params.set('variables', JSON.stringify(sent.variables));
  if (sent.id) params.set('extensions', JSON.stringify(persisted(sent.id)));
  const response = await fetch(`${url}?${params}`, { headers: headersOf(sent) });
  return { status: response.status, headers: response.headers, body: (await response.json()) as { data?: any; errors?: { message: string; extensions?: { code?: string } }[] } };
}
const codes = (body: { errors?: { extensions?: { code?: string } }[] }) => (body.errors ?? []).map((e) => e.extensions?.code);

describe('trusted documents and APQ at the router', () => {
  let stack: Stack;
  before(async () => {
    stack = await startStack();
  });
  after(async () => {
    await stack.close();
  });

  const browse = idOf(mobileManifest, 'BrowseProducts');
  const signUp = idOf(mobileManifest, 'SignUp');
  const signUpInput = () => ({ input: { email: `${unique()}@example.com`, password: 'a-long-password', firstName: 'Mo', lastName: 'Bile' } });

  test('the mobile app runs a manifest query by id alone over GET, and a mutation by id over POST', async () => {
    const browsed = await get(stack.url, { client: 'mobile', id: browse.id, operationName: 'BrowseProducts', variables: { first: 2 } });
    assert.equal(browsed.status, 200, JSON.stringify(browsed.body));
    assert.equal(browsed.body.errors, undefined);
    assert.equal(typeof browsed.body.data.products.totalCount, 'number');

    const registered = await post(stack.url, { client: 'mobile', id: signUp.id, operationName: 'SignUp', variables: signUpInput() });
    assert.equal(registered.status, 200, JSON.stringify(registered.body));
    assert.match(registered.body.data.register.accessToken, /^ey/);
  });

  test('the mobile app sending query text is refused with PERSISTED_QUERY_REQUIRED, even the text of its own manifest operation', async () => {
    for (const sent of [
      { client: 'mobile', query: '{ products(first: 1) { totalCount } }' },
      { client: 'mobile', query: browse.body, operationName: 'BrowseProducts' },
      { client: 'mobile', query: browse.body, id: browse.id, operationName: 'BrowseProducts' },
    ]) {
      const refused = await post(stack.url, sent);
      assert.equal(refused.status, 400);
      assert.deepEqual(codes(refused.body), ['PERSISTED_QUERY_REQUIRED']);
      assert.match(refused.body.errors![0]!.message, /Client "mobile" may run only the operations of its manifest/);
    }
  });

  test('a CDN may keep an anonymous query answered to GET, never a signed-in one, an error or a POST', async () => {
    const anonymous = await get(stack.url, { client: 'mobile', id: browse.id, operationName: 'BrowseProducts', variables: { first: 1 } });
    assert.equal(anonymous.headers.get('cache-control'), 'public, max-age=10');
    assert.match(anonymous.headers.get('vary') ?? '', /Authorization/);

    const registered = await post(stack.url, { client: 'mobile', id: signUp.id, operationName: 'SignUp', variables: signUpInput() });
    const authorization = `Bearer ${registered.body.data.register.accessToken as string}`;
    const signedIn = await get(stack.url, { client: 'mobile', id: browse.id, operationName: 'BrowseProducts', variables: { first: 1 }, headers: { authorization } });
    assert.equal(signedIn.body.errors, undefined, JSON.stringify(signedIn.body));
    assert.equal(signedIn.headers.get('cache-control'), 'private, no-store');

    const failed = await get(stack.url, { client: 'mobile', id: browse.id, operationName: 'BrowseProducts', variables: { first: 'many' } });
    assert.ok(failed.body.errors);
    assert.equal(failed.headers.get('cache-control'), 'no-store');
    const posted = await fetch(stack.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'apollographql-client-name': 'mobile', 'x-apollo-operation-name': 'BrowseProducts' },
      body: JSON.stringify({ operationName: 'BrowseProducts', variables: { first: 1 }, extensions: persisted(browse.id) }),
    });
    assert.equal(posted.headers.get('cache-control'), 'no-store');
  });

  test('an id in no manifest of the mobile app is refused with PERSISTED_QUERY_NOT_FOUND', async () => {
    const unknown = await get(stack.url, { client: 'mobile', id: operationId('query Nope { me { id } }') });
    assert.equal(unknown.status, 400);
    assert.deepEqual(codes(unknown.body), ['PERSISTED_QUERY_NOT_FOUND']);
  });

  test('a mutation over GET is refused and runs nothing', async () => {
    const input = signUpInput();
    const refused = await get(stack.url, { client: 'mobile', id: signUp.id, operationName: 'SignUp', variables: input });
    assert.equal(refused.status, 405);
    assert.deepEqual(codes(refused.body), ['BAD_REQUEST']);
    const login = await post(stack.url, { client: 'mobile', id: idOf(mobileManifest, 'SignIn').id, operationName: 'SignIn', variables: { input: { email: input.input.email, password: input.input.password } } });
    assert.deepEqual(codes(login.body), ['UNAUTHENTICATED'], 'no account was created');
  });

  test('another client registers an APQ on one replica and a second replica runs it by id; the mobile app may not', async () => {
    const query = `query StorefrontProbe${unique('').replace(/\W/g, '')} { products(first: 1) { totalCount } }`;
    const id = operationId(query);
    assert.deepEqual(codes((await post(stack.url, { client: 'storefront', id })).body), ['PERSISTED_QUERY_NOT_FOUND'], 'unknown before registration');
    const registered = await post(stack.url, { client: 'storefront', id, query });
    assert.equal(registered.body.errors, undefined, JSON.stringify(registered.body));

    const replica = await stack.startRouter();
    const byId = await get(replica.url, { client: 'storefront', id });
    assert.equal(byId.status, 200, JSON.stringify(byId.body));
    assert.equal(typeof byId.body.data.products.totalCount, 'number');
    assert.deepEqual(codes((await get(replica.url, { client: 'mobile', id })).body), ['PERSISTED_QUERY_NOT_FOUND']);
    // Anyone may use the manifests' ids too.
    assert.equal((await get(replica.url, { client: 'storefront', id: browse.id, variables: { first: 1 } })).body.errors, undefined);
  });

  test('in enforce mode every client, admin included, runs manifest operations only', async () => {
    const { url } = await stack.startRouter({ trustedDocuments: { mode: 'enforce' } });
    const text = '{ products(first: 1) { totalCount } }';
    for (const sent of [{ client: 'admin', query: text }, { client: 'storefront', query: text }, { query: text }, { id: operationId(text) }]) {
      const refused = await post(url, sent);
      assert.equal(refused.status, 400, JSON.stringify(sent));
      assert.deepEqual(codes(refused.body), ['PERSISTED_QUERY_REQUIRED'], JSON.stringify(sent));
    }
    // The admin portal has no manifest yet: nothing of it runs.
    assert.deepEqual(codes((await post(url, { client: 'admin', id: browse.id })).body), ['PERSISTED_QUERY_NOT_FOUND']);
    const ok = await get(url, { client: 'mobile', id: browse.id, variables: { first: 1 } });
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
  });

  test('a manifest written while the router runs is served without a restart', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'manifests-'));
    try {
      await cp(join(CLIENTS, 'mobile/persisted-query-manifest.json'), join(dir, 'placeholder.json'));
      const { url } = await stack.startRouter({ trustedDocuments: { manifestsDir: dir, persistedOnly: ['kiosk'] } });
      const body = 'query KioskCount {\n  products(first: 1) {\n    totalCount\n  }\n}';
      const id = operationId(body);
      assert.deepEqual(codes((await get(url, { client: 'kiosk', id })).body), ['PERSISTED_QUERY_NOT_FOUND']);

      const { mkdir } = await import('node:fs/promises');
      await mkdir(join(dir, 'kiosk'));
      await writeFile(join(dir, 'kiosk/persisted-query-manifest.json'), JSON.stringify({ format: 'apollo-persisted-query-manifest', version: 1, operations: [{ id, name: 'KioskCount', type: 'query', body }] }));
      let last = await get(url, { client: 'kiosk', id });
      for (const deadline = Date.now() + 5_000; last.status !== 200 && Date.now() < deadline; ) {
        await sleep(100);
        last = await get(url, { client: 'kiosk', id });
      }
      assert.equal(last.status, 200, JSON.stringify(last.body));
      assert.equal(typeof last.body.data.products.totalCount, 'number');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  test('over graphql-ws the mobile app runs operations by id (clientName in connection_init), and its query text is refused', async () => {
    const registered = await post(stack.url, { client: 'mobile', id: signUp.id, operationName: 'SignUp', variables: signUpInput() });
    const client = createClient({
      url: stack.url.replace(/^http/, 'ws'),
      webSocketImpl: WebSocket,
      retryAttempts: 0,
      connectionParams: { authorization: `Bearer ${registered.body.data.register.accessToken}`, clientName: 'mobile' },
    });
    const run = (payload: { query: string; extensions?: Record<string, unknown>; operationName?: string; variables?: Record<string, unknown> }) =>
      new Promise<{ data?: any; errors?: unknown }>((resolve) => {
        let result: { data?: any; errors?: unknown } = {};
        client.subscribe(payload, {
          next: (value) => void (result = value as typeof result),
          error: (errors) => resolve({ errors }),
          complete: () => resolve(result),
        });
      });
    try {
      const me = idOf(mobileManifest, 'Me');
      const byId = await run({ query: '', operationName: 'Me', extensions: persisted(me.id)! });
      assert.equal(byId.errors, undefined, JSON.stringify(byId.errors));
      assert.equal(byId.data.me.firstName, 'Mo');

      const text = await run({ query: me.body });
      assert.deepEqual((text.errors as { extensions: { code: string } }[]).map((e) => e.extensions.code), ['PERSISTED_QUERY_REQUIRED']);
      const unknown = await run({ query: '', extensions: persisted(operationId('query X { me { id } }'))! });
      assert.deepEqual((unknown.errors as { extensions: { code: string } }[]).map((e) => e.extensions.code), ['PERSISTED_QUERY_NOT_FOUND']);
    } finally {
      await client.dispose();
    }
  });

  test('over graphql-ws another client registers an APQ by hash and query, and a second replica runs it by hash alone', async () => {
    const registered = await post(stack.url, { client: 'mobile', id: signUp.id, operationName: 'SignUp', variables: signUpInput() });
    const authorization = `Bearer ${registered.body.data.register.accessToken}`;
    const socketRun = async (url: string, payload: { query: string; extensions?: Record<string, unknown> }) => {
      const client = createClient({ url: url.replace(/^http/, 'ws'), webSocketImpl: WebSocket, retryAttempts: 0, connectionParams: { authorization, clientName: 'storefront' } });
      try {
        return await new Promise<{ data?: any; errors?: any }>((resolve) => {
          let result: { data?: any; errors?: any } = {};
          client.subscribe(payload, { next: (value) => void (result = value as typeof result), error: (errors) => resolve({ errors }), complete: () => resolve(result) });
        });
      } finally {
        await client.dispose();
      }
    };
    const query = `query SocketProbe${unique('').replace(/\W/g, '')} { me { firstName } }`;
    const id = operationId(query);
    const unknown = await socketRun(stack.url, { query: '', extensions: persisted(id)! });
    assert.deepEqual(unknown.errors.map((e: { extensions: { code: string } }) => e.extensions.code), ['PERSISTED_QUERY_NOT_FOUND']);
    const forged = await socketRun(stack.url, { query: '{ me { id } }', extensions: persisted(id)! });
    assert.match(forged.errors[0].message, /provided sha does not match query/);
    assert.equal((await socketRun(stack.url, { query, extensions: persisted(id)! })).data.me.firstName, 'Mo');

    const replica = await stack.startRouter();
    assert.equal((await socketRun(replica.url, { query: '', extensions: persisted(id)! })).data.me.firstName, 'Mo');
    assert.equal((await get(replica.url, { client: 'storefront', id, headers: { authorization } })).body.data.me.firstName, 'Mo', 'and over HTTP');
  });
});
