import { useSyncExternalStore } from 'react';

/** What every sign-in answer carries (each app's own Session fragment of AuthPayload). */
export interface BaseSession {
  accessToken: string;
  accessTokenExpiresAt: string;
  refreshToken: string;
  refreshTokenExpiresAt: string;
}

/** The answer to a refresh: a new session, or refused (revoked, reused), or unreachable (null). */
export type RefreshOutcome<S> = { session: S } | { refused: true } | null;

export interface SessionStoreOptions<S extends BaseSession> {
  /** The localStorage key; each app keeps its own session. */
  key: string;
  /** Sends refreshToken (the app's RefreshToken mutation). */
  refresh: (refreshToken: string) => Promise<RefreshOutcome<S>>;
  /** Sends logout (the app's Logout mutation). */
  logout: (refreshToken: string) => Promise<unknown>;
  /** Refresh this long before the access token expires, so no request goes out with a stale one. */
  earlyMs?: number;
}

export interface SessionStore<S extends BaseSession> {
  current(): S | null;
  set(session: S | null): void;
  /** The session as React state. */
  use(): S | null;
  /** A valid access token, refreshed (once, whoever asks) when it is about to expire; null when signed out. */
  accessToken(): Promise<string | null>;
  /**
   * The API refused `rejected` before its stored expiry (a clock that is off, a socket closed
   * 4403): refresh now (once, whoever asks) unless someone already has; null when signed out.
   */
  refreshAfterRejection(rejected: string): Promise<string | null>;
  /** Ends the session on the server (its tokens are refused from then on), then forgets it here. */
  signOut(): Promise<void>;
}

/**
 * A session kept in localStorage (a reload stays signed in) whose refresh token rotates on
 * every refresh (a used one presented again ends the whole session family, docs/auth.md).
 */
export function createSessionStore<S extends BaseSession>(options: SessionStoreOptions<S>): SessionStore<S> {
  const { key } = options;
  const earlyMs = options.earlyMs ?? 30_000;
  const listeners = new Set<() => void>();
  const read = (): S | null => {
    try {
      const raw = localStorage.getItem(key);
      return raw ? (JSON.parse(raw) as S) : null;
    } catch {
      return null;
    }
  };
  let current: S | null = read();
  const notify = () => listeners.forEach((listener) => listener());

  const set = (session: S | null) => {
    current = session;
    if (session) localStorage.setItem(key, JSON.stringify(session));
    else localStorage.removeItem(key);
    notify();
  };

  // Another tab signed in, out or rotated the tokens.
  window.addEventListener('storage', (event) => {
    if (event.key !== key) return;
    current = read();
    notify();
  });

  let refreshing: Promise<S | null> | null = null;
  const refresh = async (session: S): Promise<S | null> => {
    if (Date.parse(session.refreshTokenExpiresAt) <= Date.now()) {
      set(null);
      return null;
    }
    const outcome = await options.refresh(session.refreshToken);
    if (outcome && 'session' in outcome) {
      set(outcome.session);
      return outcome.session;
    }
    // A refused refresh token means signed out; a network failure keeps the session.
    if (outcome) set(null);
    return null;
  };

  const refreshOnce = (session: S): Promise<S | null> => {
    refreshing ??= refresh(session).finally(() => {
      refreshing = null;
    });
    return refreshing;
  };

  return {
    current: () => current,
    set,
    use: () =>
      useSyncExternalStore(
        (listener) => {
          listeners.add(listener);
          return () => listeners.delete(listener);
        },
        () => current,
      ),
    async accessToken() {
      const session = current;
      if (!session) return null;
      if (Date.parse(session.accessTokenExpiresAt) - earlyMs > Date.now()) return session.accessToken;
      return (await refreshOnce(session))?.accessToken ?? null;
    },
    async refreshAfterRejection(rejected) {
      if (refreshing) return (await refreshing)?.accessToken ?? null;
      const session = current;
      if (!session) return null;
      // Someone refreshed since `rejected` was handed out.
      if (session.accessToken !== rejected) return session.accessToken;
      return (await refreshOnce(session))?.accessToken ?? null;
    },
    async signOut() {
      const session = current;
      if (session) await options.logout(session.refreshToken);
      set(null);
    },
  };
}
