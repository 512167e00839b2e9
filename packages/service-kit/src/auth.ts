import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
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
import { ROLES, type Role } from '@commerce/domain-kit';
import { forbidden, unauthenticated } from './errors.ts';
import type { Logger } from './logger.ts';

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
/** Session answers remembered per verifier (one per signed-in session in use). */
const KNOWN_SESSIONS = 50_000;
/** Longer than any access token lives: a revoked session never comes back. */
const REVOKED_SESSION_TTL_MS = 60 * 60_000;

/** Whether the sign-in session (`sid` claim) an access token belongs to is still open. */
export type SessionStatus = 'active' | 'revoked';
/** Asks the issuer about a session; rejects when it cannot tell (e.g. unreachable). */
export type SessionStatusLookup = (sessionId: string) => Promise<SessionStatus>;

export interface SessionCheckOptions {
  lookup: SessionStatusLookup;
  /** How long an `active` answer is trusted: sign-out takes effect within this window. */
  cacheSeconds: number;
  logger: Logger;
}

export interface VerifierOptions {
  /** Refuse tokens whose session has ended (logout); without it only signature and expiry count. */
  sessions?: SessionCheckOptions;
}

/**
 * Session answers cached per sid for `cacheSeconds`, concurrent lookups of one sid shared.
 * When the issuer cannot answer, the last known answer is served, and a session never seen
 * is let through with a warning (fail open). Failing closed would sign every shopper out of
 * every subgraph whenever customers is down, while the token's signature and its short
 * expiry still bound what a stolen, signed-out token can do; a session once seen revoked
 * stays refused (its answer outlives any token).
 */
function createSessionCheck(options: SessionCheckOptions): (sessionId: string) => Promise<SessionStatus> {
  const { lookup, logger } = options;
  const sessions = new LRUCache<string, SessionStatus>({
    max: KNOWN_SESSIONS,
    ttl: Math.max(1, options.cacheSeconds * 1000),
    fetchMethod: async (sessionId, lastKnown, { options: entry }) => {
      try {
        const status = await lookup(sessionId);
        if (status === 'revoked') entry.ttl = REVOKED_SESSION_TTL_MS;
        return status;
      } catch (err) {
        // Remembered for the window like any answer: an issuer that is away is asked (and
        // logged) once per session and window, not on every request of every service.
        if (lastKnown !== undefined) {
          logger.warn({ err, sessionId }, 'session status unavailable; serving the last known answer');
          return lastKnown;
        }
        logger.warn({ err, sessionId }, 'session status unavailable and never seen; accepting the token unchecked');
        return 'active';
      }
    },
  });
  return async (sessionId) => (await sessions.fetch(sessionId)) ?? 'active';
}

function createVerifier(keys: JWTVerifyGetKey, settings: TokenSettings, options: VerifierOptions = {}): TokenVerifier {
  // A token that verified once verifies the same way until it expires (the signature covers
  // every claim), so the signature check, the costly part, runs once per token. Entries live
  // until the token's exp; an expired token is verified again and refused as expired. Only
  // its session can end earlier, which is checked on every use (cached apart, briefly).
  const verified = new LRUCache<string, { viewer: Viewer; sessionId: string | undefined }>({
    max: VERIFIED_TOKENS,
    ttlAutopurge: false,
  });
  const sessionStatus = options.sessions ? createSessionCheck(options.sessions) : undefined;
  const verifySignature = async (token: string) => {
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
      // Tokens without `sid` come from issuers older than session checks and expire within
      // their short lifetime; refusing them would sign everyone out during a rolling deploy.
      const entry = { viewer, sessionId: typeof payload.sid === 'string' ? payload.sid : undefined };
      const ttl = (payload.exp as number) * 1000 - Date.now();
      if (ttl > 0) verified.set(token, entry, { ttl });
      return entry;
    } catch (err) {
      throw unauthenticatedHttp(
        err instanceof joseErrors.JWTExpired ? 'The access token has expired; refresh it.' : 'The access token is not valid.',
      );
    }
  };
  return async (token) => {
    const { viewer, sessionId } = await verifySignature(token);
    if (sessionStatus && sessionId && (await sessionStatus(sessionId)) === 'revoked') {
      throw unauthenticatedHttp('This session has ended (signed out); sign in again.');
    }
    return viewer;
  };
}

/**
 * Verifies tokens against a JWKS served over HTTP. Keys are cached; a token signed with an
 * unknown `kid` makes the set refetch (at most every 30 s), which is how key rotation lands.
 */
export function createJwksVerifier(jwksUrl: string, settings: TokenSettings, options: VerifierOptions = {}): TokenVerifier {
  return createVerifier(
    createRemoteJWKSet(new URL(jwksUrl), { cooldownDuration: 30_000, cacheMaxAge: 10 * 60_000, timeoutDuration: 3000 }),
    settings,
    options,
  );
}

/** The verifier of every service but the issuer, from its auth env (see authEnvShape). */
export function createAccessTokenVerifier(
  env: {
    AUTH_JWKS_URL: string;
    AUTH_ISSUER: string;
    AUTH_AUDIENCE: string;
    AUTH_SESSIONS_URL: string;
    AUTH_SESSION_CACHE_SECONDS: number;
  },
  logger: Logger,
): TokenVerifier {
  return createJwksVerifier(
    env.AUTH_JWKS_URL,
    { issuer: env.AUTH_ISSUER, audience: env.AUTH_AUDIENCE },
    { sessions: { lookup: createHttpSessionLookup(env.AUTH_SESSIONS_URL), cacheSeconds: env.AUTH_SESSION_CACHE_SECONDS, logger } },
  );
}

/** Verifies tokens against keys held in memory (the issuer's own service). */
export function createLocalVerifier(jwks: JSONWebKeySet, settings: TokenSettings, options: VerifierOptions = {}): TokenVerifier {
  return createVerifier(createLocalJWKSet(jwks), settings, options);
}

/**
 * Asks the issuer's session endpoint (`GET <sessionsUrl>/<sid>` answering `{"status": …}`)
 * about a session. A slow issuer counts as unreachable after `timeoutMs`.
 */
export function createHttpSessionLookup(sessionsUrl: string, timeoutMs = 1000): SessionStatusLookup {
  const base = sessionsUrl.replace(/\/+$/, '');
  return async (sessionId) => {
    const response = await fetch(`${base}/${encodeURIComponent(sessionId)}`, { signal: AbortSignal.timeout(timeoutMs) });
    if (!response.ok) throw new Error(`session endpoint answered ${response.status}`);
    const { status } = (await response.json()) as { status?: unknown };
    if (status !== 'active' && status !== 'revoked') throw new Error('session endpoint gave no status');
    return status;
  };
}

/** The header the router puts the client's address in, and the one carrying its signature. */
export const CLIENT_ADDRESS_HEADER = 'x-client-address';
export const CLIENT_ADDRESS_SIGNATURE_HEADER = 'x-client-address-signature';
/** How old a signature may be (clock skew between hosts included); bounds replays of a captured one. */
const CLIENT_ADDRESS_SIGNATURE_MAX_AGE_SECONDS = 300;

function clientAddressMac(secret: string, issuedAt: number, address: string): Buffer {
  return createHmac('sha256', secret).update(`client-address.v1\n${issuedAt}\n${address}`).digest();
}

/** Headers that vouch for the client's address to the subgraphs (set by the router). */
export function signedClientAddressHeaders(secret: string, address: string, now = Date.now()): Record<string, string> {
  const issuedAt = Math.floor(now / 1000);
  return {
    [CLIENT_ADDRESS_HEADER]: address,
    [CLIENT_ADDRESS_SIGNATURE_HEADER]: `${issuedAt}.${clientAddressMac(secret, issuedAt, address).toString('base64url')}`,
  };
}

/**
 * The client's address as the router vouched for it (HMAC with the shared secret), else the
 * connection's own peer. X-Forwarded-For is never believed here: anyone reaching a subgraph
 * directly could set it, and escape per-address limits by changing it on every attempt.
 */
export function clientAddressFromRouter(req: IncomingMessage, secret: string, now = Date.now()): string {
  const peer = req.socket.remoteAddress ?? 'unknown';
  const address = req.headers[CLIENT_ADDRESS_HEADER];
  const signature = req.headers[CLIENT_ADDRESS_SIGNATURE_HEADER];
  if (typeof address !== 'string' || typeof signature !== 'string') return peer;
  const [issued, mac] = signature.split('.');
  const issuedAt = Number(issued);
  if (!mac || !Number.isInteger(issuedAt)) return peer;
  if (Math.abs(now / 1000 - issuedAt) > CLIENT_ADDRESS_SIGNATURE_MAX_AGE_SECONDS) return peer;
  const expected = clientAddressMac(secret, issuedAt, address);
  const given = Buffer.from(mac, 'base64url');
  return given.length === expected.length && timingSafeEqual(given, expected) ? address : peer;
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
