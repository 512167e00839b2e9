import { useSyncExternalStore } from 'react';
import type { SessionFragment } from './generated/graphql';
import { LogoutDocument, RefreshTokenDocument } from './generated/graphql';
import { anonymousClient } from './anonymous-client';

// The session lives in localStorage so a reload keeps the shopper signed in; the refresh
// token rotates on every refresh (a used one presented again ends the whole session family).
const KEY = 'storefront.session';
/** Refresh this long before the access token expires, so no request goes out with a stale one. */
const EARLY_MS = 30_000;

export type Session = SessionFragment;

let current: Session | null = read();
const listeners = new Set<() => void>();

function read(): Session | null {
  try {
    const raw = localStorage.getItem(KEY);
    return raw ? (JSON.parse(raw) as Session) : null;
  } catch {
    return null;
  }
}

export function setSession(session: Session | null): void {
  current = session;
  if (session) localStorage.setItem(KEY, JSON.stringify(session));
  else localStorage.removeItem(KEY);
  listeners.forEach((listener) => listener());
}

// Another tab signed in, out or rotated the tokens.
window.addEventListener('storage', (event) => {
  if (event.key !== KEY) return;
  current = read();
  listeners.forEach((listener) => listener());
});

export function useSession(): Session | null {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => current,
  );
}

let refreshing: Promise<Session | null> | null = null;

async function refresh(session: Session): Promise<Session | null> {
  if (Date.parse(session.refreshTokenExpiresAt) <= Date.now()) {
    setSession(null);
    return null;
  }
  const result = await anonymousClient.mutation(RefreshTokenDocument, { refreshToken: session.refreshToken }).toPromise();
  if (result.data) {
    setSession(result.data.refreshToken);
    return result.data.refreshToken;
  }
  // A refused refresh token (revoked, reused) means signed out; a network failure keeps the session.
  if (result.error?.graphQLErrors.length) setSession(null);
  return null;
}

/** A valid access token, refreshed (once, whoever asks) when it is about to expire; null when signed out. */
export async function accessToken(): Promise<string | null> {
  const session = current;
  if (!session) return null;
  if (Date.parse(session.accessTokenExpiresAt) - EARLY_MS > Date.now()) return session.accessToken;
  refreshing ??= refresh(session).finally(() => {
    refreshing = null;
  });
  return (await refreshing)?.accessToken ?? null;
}

/** Ends the session on the server (its tokens are refused from then on), then forgets it here. */
export async function signOut(): Promise<void> {
  const session = current;
  if (session) await anonymousClient.mutation(LogoutDocument, { refreshToken: session.refreshToken }).toPromise();
  setSession(null);
}
