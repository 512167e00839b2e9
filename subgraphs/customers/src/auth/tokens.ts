import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import { ACCESS_TOKEN_ALG, type Role, type TokenSettings } from '@commerce/service-kit';
import type { SigningKeys } from './keys.ts';

export const ACCESS_TOKEN_TTL_SECONDS = 15 * 60;
export const REFRESH_TOKEN_TTL_SECONDS = 30 * 24 * 60 * 60;

export interface AccessToken {
  token: string;
  expiresAt: Date;
}

/**
 * Signs a short-lived RS256 access token for a customer, naming the sign-in session (refresh
 * token family) it belongs to in `sid`, so that signing out ends it before it expires.
 */
export async function signAccessToken(
  keys: SigningKeys,
  settings: TokenSettings,
  subject: { id: string; roles: Role[]; sessionId: string },
  now = new Date(),
): Promise<AccessToken> {
  const issuedAt = Math.floor(now.getTime() / 1000);
  const expiresAt = issuedAt + ACCESS_TOKEN_TTL_SECONDS;
  const token = await new SignJWT({ roles: subject.roles, sid: subject.sessionId })
    .setProtectedHeader({ alg: ACCESS_TOKEN_ALG, kid: keys.active.kid, typ: 'JWT' })
    .setSubject(subject.id)
    .setIssuer(settings.issuer)
    .setAudience(settings.audience)
    .setIssuedAt(issuedAt)
    .setExpirationTime(expiresAt)
    .setJti(randomUUID())
    .sign(keys.active.key);
  return { token, expiresAt: new Date(expiresAt * 1000) };
}

/** A new opaque refresh token; only its hash is stored. */
export function newRefreshToken(): string {
  return randomBytes(32).toString('base64url');
}

/** The stored form of a refresh token. A fast hash is enough: the token has 256 random bits. */
export function hashRefreshToken(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}
