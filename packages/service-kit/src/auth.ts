import { GraphQLError } from 'graphql';
import {
  createLocalJWKSet,
  createRemoteJWKSet,
  errors as joseErrors,
  jwtVerify,
  type JSONWebKeySet,
  type JWTVerifyGetKey,
} from 'jose';
import { LRUCache } from 'lru-cache';
import { forbidden, unauthenticated } from './errors.ts';

export const ROLES = ['CUSTOMER', 'ADMIN'] as const;
export type Role = (typeof ROLES)[number];

/** Who is asking: the verified subject of the access token and its roles. */
export interface Viewer {
  id: string;
  roles: Role[];
}

export interface TokenSettings {
  issuer: string;
  audience: string;
}

/** Verifies an access token and returns its viewer, or throws UNAUTHENTICATED. */
export type TokenVerifier = (token: string) => Promise<Viewer>;

/** Only this algorithm is accepted, whatever a token's header says. */
export const ACCESS_TOKEN_ALG = 'RS256';

/** Verified tokens remembered per verifier: a shopper's token arrives with every request. */
const VERIFIED_TOKENS = 10_000;

function createVerifier(keys: JWTVerifyGetKey, settings: TokenSettings): TokenVerifier {
  // A token that verified once verifies the same way until it expires (the signature covers
  // every claim), so the signature check, the costly part, runs once per token. Entries live
  // until the token's exp; an expired token is verified again and refused as expired.
  const verified = new LRUCache<string, Viewer>({ max: VERIFIED_TOKENS, ttlAutopurge: false });
  return async (token) => {
    const known = verified.get(token);
    if (known) return known;
    try {
      const { payload } = await jwtVerify(token, keys, {
        issuer: settings.issuer,
        audience: settings.audience,
        algorithms: [ACCESS_TOKEN_ALG],
        requiredClaims: ['sub', 'exp', 'iat'],
      });
      const roles = Array.isArray(payload.roles)
        ? payload.roles.filter((role): role is Role => (ROLES as readonly unknown[]).includes(role))
        : [];
      // Frozen: every request with this token gets the same object.
      const viewer: Viewer = Object.freeze({ id: payload.sub as string, roles: Object.freeze(roles) as Role[] });
      const ttl = (payload.exp as number) * 1000 - Date.now();
      if (ttl > 0) verified.set(token, viewer, { ttl });
      return viewer;
    } catch (err) {
      throw unauthenticatedHttp(
        err instanceof joseErrors.JWTExpired ? 'The access token has expired; refresh it.' : 'The access token is not valid.',
      );
    }
  };
}

/**
 * Verifies tokens against a JWKS served over HTTP. Keys are cached; a token signed with an
 * unknown `kid` makes the set refetch (at most every 30 s), which is how key rotation lands.
 */
export function createJwksVerifier(jwksUrl: string, settings: TokenSettings): TokenVerifier {
  return createVerifier(
    createRemoteJWKSet(new URL(jwksUrl), { cooldownDuration: 30_000, cacheMaxAge: 10 * 60_000, timeoutDuration: 3000 }),
    settings,
  );
}

/** Verifies tokens against keys held in memory (the issuer's own service). */
export function createLocalVerifier(jwks: JSONWebKeySet, settings: TokenSettings): TokenVerifier {
  return createVerifier(createLocalJWKSet(jwks), settings);
}

/**
 * The viewer of a request from its Authorization header: undefined for anonymous requests,
 * UNAUTHENTICATED (HTTP 401) for a header that is present but not a valid bearer token.
 */
export async function viewerFromHeader(
  authorization: string | undefined,
  verify: TokenVerifier,
): Promise<Viewer | undefined> {
  if (!authorization) return undefined;
  const match = /^Bearer ([A-Za-z0-9_.-]+)$/.exec(authorization.trim());
  if (!match?.[1]) throw unauthenticatedHttp('The Authorization header must be "Bearer <access token>".');
  return verify(match[1]);
}

function unauthenticatedHttp(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } } });
}

/** The signed-in viewer, or UNAUTHENTICATED. */
export function requireViewer(viewer: Viewer | undefined): Viewer {
  if (!viewer) throw unauthenticated();
  return viewer;
}

export function hasRole(viewer: Viewer | undefined, role: Role): boolean {
  return viewer?.roles.includes(role) ?? false;
}

/** The viewer if they hold `role`: UNAUTHENTICATED when anonymous, FORBIDDEN otherwise. */
export function requireRole(viewer: Viewer | undefined, role: Role): Viewer {
  const signedIn = requireViewer(viewer);
  if (!signedIn.roles.includes(role)) throw forbidden(`This needs the ${role} role.`);
  return signedIn;
}

/** True when the viewer owns the resource or is an admin. */
export function isSelfOrAdmin(viewer: Viewer | undefined, ownerId: string): boolean {
  return viewer !== undefined && (viewer.id === ownerId || viewer.roles.includes('ADMIN'));
}

/** Ownership guard: the owner or an admin passes; anyone else gets FORBIDDEN (UNAUTHENTICATED if anonymous). */
export function requireSelfOrAdmin(viewer: Viewer | undefined, ownerId: string): Viewer {
  const signedIn = requireViewer(viewer);
  if (!isSelfOrAdmin(signedIn, ownerId)) throw forbidden();
  return signedIn;
}
