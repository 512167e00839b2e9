import assert from 'node:assert/strict';
import type { IncomingMessage } from 'node:http';
import { test } from 'node:test';
import { SignJWT, exportJWK, generateKeyPair } from 'jose';
import {
  clientAddressFromRouter,
  createLocalVerifier,
  signedClientAddressHeaders,
  type SessionStatus,
} from './auth.ts';
import type { Logger } from './logger.ts';

const settings = { issuer: 'urn:test', audience: 'urn:test:api' };

async function issuer() {
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  const jwks = { keys: [{ ...(await exportJWK(publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' }] };
  const sign = (claims: Record<string, unknown>) =>
    new SignJWT({ roles: ['CUSTOMER'], ...claims })
      .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
      .setSubject('cus_1')
      .setIssuer(settings.issuer)
      .setAudience(settings.audience)
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(privateKey);
  return { jwks, sign };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

test('a token of a revoked session is refused; when the issuer is away the last known answer serves, and an unseen session passes with a warning', async () => {
  const { jwks, sign } = await issuer();
  const answers = new Map<string, SessionStatus>([['fam_open', 'active'], ['fam_closed', 'revoked']]);
  let reachable = true;
  const lookups: string[] = [];
  const warnings: string[] = [];
  const logger = { warn: (_: unknown, message: string) => warnings.push(message) } as unknown as Logger;
  const verify = createLocalVerifier(jwks, settings, {
    sessions: {
      // A zero window: every use asks again, so the fallbacks show.
      cacheSeconds: 0,
      logger,
      lookup: async (sid) => {
        lookups.push(sid);
        if (!reachable) throw new Error('connect ECONNREFUSED');
        return answers.get(sid) ?? 'revoked';
      },
    },
  });
  const [open, closed, unseen, legacy] = await Promise.all([
    sign({ sid: 'fam_open' }),
    sign({ sid: 'fam_closed' }),
    sign({ sid: 'fam_unseen' }),
    sign({}),
  ]);

  assert.equal((await verify(open)).id, 'cus_1');
  await assert.rejects(verify(closed), /session has ended/);
  assert.equal((await verify(legacy)).id, 'cus_1', 'tokens from before sid are left to expire');
  assert.deepEqual(lookups, ['fam_open', 'fam_closed']);

  reachable = false;
  await tick();
  assert.equal((await verify(open)).id, 'cus_1', 'last known: active');
  await assert.rejects(verify(closed), /session has ended/, 'revoked stays revoked');
  assert.equal((await verify(unseen)).id, 'cus_1', 'never seen: fails open');
  assert.deepEqual(warnings, [
    'session status unavailable; serving the last known answer',
    'session status unavailable and never seen; accepting the token unchecked',
  ]);

  reachable = true;
  answers.set('fam_open', 'revoked');
  await tick();
  await assert.rejects(verify(open), /session has ended/, 'the issuer’s new answer lands once the window is over');
});

test('an issuer that is away is asked once per session and window, not on every request', async () => {
  const { jwks, sign } = await issuer();
  let lookups = 0;
  const warnings: string[] = [];
  const logger = { warn: (_: unknown, message: string) => warnings.push(message) } as unknown as Logger;
  const verify = createLocalVerifier(jwks, settings, {
    sessions: {
      cacheSeconds: 60,
      logger,
      lookup: async () => {
        lookups += 1;
        throw new Error('connect ECONNREFUSED');
      },
    },
  });
  const token = await sign({ sid: 'fam_away' });
  for (let i = 0; i < 5; i++) assert.equal((await verify(token)).id, 'cus_1');
  assert.equal(lookups, 1);
  assert.equal(warnings.length, 1);
});

test('subgraphs believe the client address only under the router’s signature, and only while it is fresh', () => {
  const secret = 'a-secret-of-at-least-thirty-two-characters';
  const request = (headers: Record<string, string>) =>
    ({ headers, socket: { remoteAddress: '10.0.0.9' } }) as unknown as IncomingMessage;
  const signed = signedClientAddressHeaders(secret, '203.0.113.7');

  assert.equal(clientAddressFromRouter(request(signed), secret), '203.0.113.7');
  assert.equal(clientAddressFromRouter(request({ ...signed, 'x-client-address': '203.0.113.8' }), secret), '10.0.0.9', 'tampered');
  assert.equal(clientAddressFromRouter(request(signed), `${secret}-other`), '10.0.0.9', 'another secret');
  assert.equal(clientAddressFromRouter(request(signed), secret, Date.now() + 10 * 60_000), '10.0.0.9', 'stale');
  assert.equal(clientAddressFromRouter(request({ 'x-forwarded-for': '203.0.113.7' }), secret), '10.0.0.9', 'unsigned');
  assert.equal(clientAddressFromRouter(request({ ...signed, 'x-client-address-signature': 'garbage' }), secret), '10.0.0.9');
});
