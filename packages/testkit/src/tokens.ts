import { randomUUID } from 'node:crypto';
import { SignJWT, exportJWK, generateKeyPair, type CryptoKey, type JSONWebKeySet } from 'jose';
import { ACCESS_TOKEN_ALG, createLocalVerifier, type Role, type TokenVerifier } from '@commerce/service-kit';

export interface TestIssuer {
  issuer: string;
  audience: string;
  jwks: JSONWebKeySet;
  verifyToken: TokenVerifier;
  /** Signs an access token; overrides let a test forge expired or mis-addressed tokens. */
  sign(
    subject: { id: string; roles: Role[] },
    overrides?: { expiresInSeconds?: number; audience?: string; issuer?: string; kid?: string },
  ): Promise<string>;
  /** An Authorization header value for a subject. */
  bearer(subject: { id: string; roles: Role[] }): Promise<string>;
}

/** An in-memory token issuer for subgraph tests that must not depend on the customers service. */
export async function createTestIssuer(
  settings = { issuer: 'urn:commerce:customers', audience: 'urn:commerce:api' },
): Promise<TestIssuer> {
  const { privateKey, publicKey } = await generateKeyPair(ACCESS_TOKEN_ALG);
  const kid = randomUUID();
  const jwks = { keys: [{ ...(await exportJWK(publicKey)), kid, alg: ACCESS_TOKEN_ALG, use: 'sig' }] };
  const sign: TestIssuer['sign'] = async (subject, overrides = {}) => {
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({ roles: subject.roles })
      .setProtectedHeader({ alg: ACCESS_TOKEN_ALG, kid: overrides.kid ?? kid })
      .setSubject(subject.id)
      .setIssuer(overrides.issuer ?? settings.issuer)
      .setAudience(overrides.audience ?? settings.audience)
      .setIssuedAt(now)
      .setExpirationTime(now + (overrides.expiresInSeconds ?? 900))
      .setJti(randomUUID())
      .sign(privateKey as CryptoKey);
  };
  return {
    ...settings,
    jwks,
    verifyToken: createLocalVerifier(jwks, settings),
    sign,
    bearer: async (subject) => `Bearer ${await sign(subject)}`,
  };
}
