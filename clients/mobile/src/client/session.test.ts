import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { createMemorySessionStore, createSession, type SessionTokens } from './session.ts';

const NOW = Date.parse('2026-01-01T12:00:00Z');
const tokens = (n: number, expiresInMs: number): SessionTokens => ({
  accessToken: `access-${n}`,
  accessTokenExpiresAt: new Date(NOW + expiresInMs).toISOString(),
  refreshToken: `refresh-${n}`,
  refreshTokenExpiresAt: new Date(NOW + 86_400_000).toISOString(),
});

function refresher() {
  const presented: string[] = [];
  let n = 1;
  return {
    presented,
    refresh: async (refreshToken: string) => {
      presented.push(refreshToken);
      await sleep(5);
      n += 1;
      return tokens(n, 900_000);
    },
  };
}

test('a token with time left is used as it is', async () => {
  const { refresh, presented } = refresher();
  const session = createSession({ store: createMemorySessionStore(tokens(1, 600_000)), refresh, now: () => NOW });
  assert.equal(await session.accessToken(), 'access-1');
  assert.deepEqual(presented, []);
});

test('a token about to expire is refreshed once for every concurrent caller, and the rotated refresh token is kept', async () => {
  const { refresh, presented } = refresher();
  const store = createMemorySessionStore(tokens(1, 10_000));
  const session = createSession({ store, refresh, now: () => NOW });
  const handed = await Promise.all([session.accessToken(), session.accessToken(), session.accessToken()]);
  assert.deepEqual(handed, ['access-2', 'access-2', 'access-2']);
  assert.deepEqual(presented, ['refresh-1'], 'a refresh token is presented once: presenting it again would sign the session out');
  assert.equal((await store.load())?.refreshToken, 'refresh-2');
});

test('a rejected token is refreshed once, and a caller holding an already replaced token gets the new one', async () => {
  const { refresh, presented } = refresher();
  const session = createSession({ store: createMemorySessionStore(tokens(1, 600_000)), refresh, now: () => NOW });
  assert.equal(await session.refreshAfterRejection('access-1'), 'access-2');
  assert.equal(await session.refreshAfterRejection('access-1'), 'access-2', 'the stale rejection does not rotate again');
  assert.deepEqual(presented, ['refresh-1']);
});

test('a refresh the server refuses signs the app out; a transient failure keeps the session', async () => {
  const store = createMemorySessionStore(tokens(1, 0));
  const refused = createSession({ store, refresh: async () => Promise.reject(Object.assign(new Error('reused'), { signedOut: true })), now: () => NOW });
  assert.equal(await refused.accessToken(), undefined);
  assert.equal(await store.load(), undefined);

  const kept = createMemorySessionStore(tokens(1, 0));
  const flaky = createSession({ store: kept, refresh: async () => Promise.reject(new Error('network down')), now: () => NOW });
  await assert.rejects(flaky.accessToken(), /network down/);
  assert.equal((await kept.load())?.refreshToken, 'refresh-1');
});
