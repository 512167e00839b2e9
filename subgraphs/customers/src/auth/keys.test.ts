import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createLocalVerifier } from '@commerce/service-kit';
import { generateSigningJwk, signingKeysFrom } from './keys.ts';
import { signAccessToken } from './tokens.ts';

const settings = { issuer: 'urn:commerce:customers', audience: 'urn:commerce:api' };

test('key rotation: the first key signs, every configured key verifies, a removed key no longer does', async () => {
  const [oldJwk, newJwk] = [await generateSigningJwk(), await generateSigningJwk()];
  const before = await signingKeysFrom([oldJwk]);
  const issuedBefore = await signAccessToken(before, settings, { id: 'cus_1', roles: ['CUSTOMER'], sessionId: 'fam_1' });

  // Rotation: the new key goes first and signs; the old one stays published until its tokens expire.
  const during = await signingKeysFrom([newJwk, oldJwk]);
  assert.equal(during.active.kid, newJwk.kid);
  assert.deepEqual(during.jwks.keys.map((k) => k.kid), [newJwk.kid, oldJwk.kid]);
  const verifyDuring = createLocalVerifier(during.jwks, settings);
  const issuedDuring = await signAccessToken(during, settings, { id: 'cus_1', roles: ['CUSTOMER'], sessionId: 'fam_1' });
  assert.equal((await verifyDuring(issuedBefore.token)).id, 'cus_1');
  assert.equal((await verifyDuring(issuedDuring.token)).id, 'cus_1');
  assert.equal(JSON.parse(Buffer.from(issuedDuring.token.split('.')[0]!, 'base64url').toString()).kid, newJwk.kid);

  const after = await signingKeysFrom([newJwk]);
  await assert.rejects(createLocalVerifier(after.jwks, settings)(issuedBefore.token), /not valid/);
});

test('published keys carry no private parts', async () => {
  const keys = await signingKeysFrom([await generateSigningJwk()]);
  for (const key of keys.jwks.keys) for (const secret of ['d', 'p', 'q', 'dp', 'dq', 'qi']) assert.equal(secret in key, false);
});
