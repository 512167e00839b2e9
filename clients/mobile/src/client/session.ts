/** A signed-in session's tokens, as the customers subgraph issues them (AuthPayload). */
export interface SessionTokens {
  accessToken: string;
  /** ISO 8601. */
  accessTokenExpiresAt: string;
  /** Works once: refreshing answers the next one (rotation). */
  refreshToken: string;
  refreshTokenExpiresAt: string;
}

/** Where the app keeps the tokens between launches (Keychain / Keystore on a phone). */
export interface SessionStore {
  load(): Promise<SessionTokens | undefined>;
  save(tokens: SessionTokens | undefined): Promise<void>;
}

export function createMemorySessionStore(initial?: SessionTokens): SessionStore {
  let tokens = initial;
  return {
    load: async () => tokens,
    save: async (next) => {
      tokens = next;
    },
  };
}

export interface SessionOptions {
  store: SessionStore;
  /** Exchanges a refresh token for new tokens (the RefreshSession mutation); throws when refused. */
  refresh: (refreshToken: string) => Promise<SessionTokens>;
  /** Refresh this long before the access token expires (default 30 s). */
  skewMs?: number;
  now?: () => number;
}

/**
 * Hands out a usable access token, refreshing it shortly before it expires or when the API
 * refused it. One refresh at a time: a refresh token works once, and presenting a used one
 * again signs the whole session out, so concurrent callers share the refresh in flight.
 */
export function createSession(options: SessionOptions) {
  const { store, refresh } = options;
  const skewMs = options.skewMs ?? 30_000;
  const now = options.now ?? Date.now;
  let inFlight: Promise<SessionTokens | undefined> | undefined;

  const rotate = (current: SessionTokens): Promise<SessionTokens | undefined> => {
    inFlight ??= (async () => {
      try {
        const next = await refresh(current.refreshToken);
        await store.save(next);
        return next;
      } catch (err) {
        // Refused (expired, reused, signed out): the person signs in again.
        if ((err as { signedOut?: boolean }).signedOut) {
          await store.save(undefined);
          return undefined;
        }
        throw err;
      } finally {
        inFlight = undefined;
      }
    })();
    return inFlight;
  };

  return {
    /** The access token to send now, refreshed when it is about to expire; undefined when signed out. */
    async accessToken(): Promise<string | undefined> {
      if (inFlight) return (await inFlight)?.accessToken;
      const tokens = await store.load();
      if (!tokens) return undefined;
      if (Date.parse(tokens.accessTokenExpiresAt) - skewMs > now()) return tokens.accessToken;
      return (await rotate(tokens))?.accessToken;
    },
    /** The API refused `rejected`: refresh (once for all callers) and answer the new token. */
    async refreshAfterRejection(rejected: string): Promise<string | undefined> {
      if (inFlight) return (await inFlight)?.accessToken;
      const tokens = await store.load();
      if (!tokens) return undefined;
      // Someone refreshed already since `rejected` was handed out.
      if (tokens.accessToken !== rejected) return tokens.accessToken;
      return (await rotate(tokens))?.accessToken;
    },
    signedIn: (tokens: SessionTokens) => store.save(tokens),
    signedOut: () => store.save(undefined),
    tokens: () => store.load(),
  };
}
export type Session = ReturnType<typeof createSession>;
