import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import type { FormattedExecutionResult, GraphQLFormattedError } from 'graphql';
import { CloseCode, createClient, type Client } from 'graphql-ws';
import {
  RefreshSessionDocument,
  SignInDocument,
  SignOutDocument,
  SignUpDocument,
  type LoginInput,
  type RegisterInput,
  type SessionFragment,
} from '../generated/graphql.ts';
import { persistedExtensions, persistedOperation } from './operations.ts';
import { createMemorySessionStore, createSession, type SessionStore, type SessionTokens } from './session.ts';

export const CLIENT_NAME = 'mobile';

/** A GraphQL answer with errors: `codes` are their extensions.code, `data` whatever came along. */
export class OperationError extends Error {
  readonly codes: string[];
  constructor(
    readonly operation: string,
    readonly errors: readonly GraphQLFormattedError[],
    readonly data: unknown,
    readonly status?: number,
  ) {
    super(`${operation}: ${errors.map((e) => e.message).join('; ')}`);
    this.name = 'OperationError';
    this.codes = errors.map((e) => String(e.extensions?.code ?? 'UNKNOWN'));
  }
}

export interface MobileClientOptions {
  /** The router's GraphQL URL (http/https; the socket is the same URL over ws/wss). */
  url: string;
  /** A WebSocket implementation (React Native's global; `ws` in Node). */
  webSocketImpl?: unknown;
  fetch?: typeof fetch;
  store?: SessionStore;
  clientVersion?: string;
}

export interface Sink<T> {
  next(value: FormattedExecutionResult<T>): void;
  error?(error: unknown): void;
  complete?(): void;
}

type Variables<V> = V extends Record<string, never> ? V | undefined : V;

/**
 * The mobile app's GraphQL client. It never sends operation text: queries go by manifest id
 * over GET (cacheable), mutations by id over POST, subscriptions by id over graphql-ws. The
 * access token is refreshed shortly before it expires, or once when the API refuses it.
 */
export function createMobileClient(options: MobileClientOptions) {
  const fetchImpl = options.fetch ?? fetch;
  const store = options.store ?? createMemorySessionStore();
  const baseHeaders: Record<string, string> = {
    'apollographql-client-name': CLIENT_NAME,
    ...(options.clientVersion ? { 'apollographql-client-version': options.clientVersion } : {}),
    accept: 'application/graphql-response+json, application/json',
  };

  async function send<T>(document: object, variables: unknown, accessToken: string | undefined) {
    const operation = persistedOperation(document);
    const headers: Record<string, string> = { ...baseHeaders, 'x-apollo-operation-name': operation.name };
    if (accessToken) headers.authorization = `Bearer ${accessToken}`;
    const extensions = JSON.stringify(persistedExtensions(operation));
    let response: Response;
    if (operation.type === 'query') {
      const params = new URLSearchParams({ operationName: operation.name, extensions });
      if (variables !== undefined) params.set('variables', JSON.stringify(variables));
      response = await fetchImpl(`${options.url}?${params}`, { method: 'GET', headers });
    } else if (operation.type === 'mutation') {
      response = await fetchImpl(options.url, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json' },
        body: `{"operationName":${JSON.stringify(operation.name)},"variables":${JSON.stringify(variables ?? {})},"extensions":${extensions}}`,
      });
    } else {
      throw new Error(`${operation.name} is a subscription: use subscribe()`);
    }
    const result = (await response.json()) as FormattedExecutionResult<T>;
    return { operation, result, status: response.status };
  }

  const refreshTokens = async (refreshToken: string): Promise<SessionTokens> => {
    const { result, status, operation } = await send<{ refreshToken: SessionFragment }>(RefreshSessionDocument, { refreshToken }, undefined);
    if (result.errors?.length || !result.data) {
      const error = new OperationError(operation.name, result.errors ?? [], result.data, status);
      // Refused for good (expired, reused, signed out) versus a moment's trouble.
      Object.assign(error, { signedOut: error.codes.includes('UNAUTHENTICATED') || error.codes.includes('BAD_USER_INPUT') });
      throw error;
    }
    return tokensOf(result.data.refreshToken);
  };
  const session = createSession({ store, refresh: refreshTokens });

  /** Runs a query or mutation; throws OperationError when the answer has errors. */
  async function execute<T, V>(document: TypedDocumentNode<T, V>, variables?: V): Promise<T> {
    const token = await session.accessToken();
    let { operation, result, status } = await send<T>(document, variables, token);
    // A 401 means the router refused the token before anything ran; an UNAUTHENTICATED answer is
    // retried only for a query, since a mutation may have done its work.
    if (token && (status === 401 || (operation.type === 'query' && hasCode(result, 'UNAUTHENTICATED')))) {
      // Expired or revoked early: refresh once (all concurrent callers together) and retry.
      const fresh = await session.refreshAfterRejection(token);
      ({ operation, result, status } = await send<T>(document, variables, fresh));
    }
    if (result.errors?.length || result.data == null) throw new OperationError(operation.name, result.errors ?? [], result.data, status);
    return result.data;
  }

  let socket: Client | undefined;
  // The token the socket last connected with, and whether the router then closed it as
  // expired or invalid (4403): the next connect refreshes even when the stored expiry says the
  // token is still good (a phone's clock can be off), instead of presenting it again.
  let connectedWith: string | undefined;
  let refused = false;
  function live(): Client {
    socket ??= createClient({
      url: options.url.replace(/^http/, 'ws'),
      ...(options.webSocketImpl ? { webSocketImpl: options.webSocketImpl } : {}),
      lazy: true,
      // Asked on every (re)connect: a socket the router closed for an expired token (4403)
      // comes back with a fresh one, and graphql-ws resubscribes.
      connectionParams: async () => {
        const token = refused && connectedWith ? await session.refreshAfterRejection(connectedWith) : await session.accessToken();
        refused = false;
        connectedWith = token;
        return { clientName: CLIENT_NAME, ...(token ? { authorization: `Bearer ${token}` } : {}) };
      },
      on: {
        closed: (event) => {
          if ((event as { code?: number }).code === CloseCode.Forbidden) refused = true;
        },
      },
      retryAttempts: 5,
      shouldRetry: () => true,
    });
    return socket;
  }

  return {
    query: <T, V>(document: TypedDocumentNode<T, V>, ...variables: V extends Record<string, never> ? [V?] : [V]) => execute(document, variables[0]),
    mutate: <T, V>(document: TypedDocumentNode<T, V>, ...variables: V extends Record<string, never> ? [V?] : [V]) => execute(document, variables[0]),

    /** Follows a subscription by id; returns the function that stops it. */
    subscribe<T, V>(document: TypedDocumentNode<T, V>, variables: Variables<V>, sink: Sink<T>): () => void {
      const operation = persistedOperation(document);
      if (operation.type !== 'subscription') throw new Error(`${operation.name} is a ${operation.type}: use query() or mutate()`);
      return live().subscribe<T>(
        // graphql-ws requires a query string: the empty one stands for "by id".
        { query: '', operationName: operation.name, ...(variables ? { variables: variables as Record<string, unknown> } : {}), extensions: persistedExtensions(operation) },
        {
          next: (value) => sink.next(value as FormattedExecutionResult<T>),
          error: (error) => sink.error?.(error),
          complete: () => sink.complete?.(),
        },
      );
    },

    async signIn(input: LoginInput) {
      const data = await execute(SignInDocument, { input });
      await session.signedIn(tokensOf(data.login));
      return data.login.customer;
    },
    async signUp(input: RegisterInput) {
      const data = await execute(SignUpDocument, { input });
      await session.signedIn(tokensOf(data.register));
      return data.register.customer;
    },
    /** Ends this session on the server and forgets its tokens. */
    async signOut() {
      const tokens = await session.tokens();
      if (tokens) await execute(SignOutDocument, { refreshToken: tokens.refreshToken }).catch(() => undefined);
      await session.signedOut();
      await socket?.dispose();
      socket = undefined;
    },
    session,
    async dispose() {
      await socket?.dispose();
      socket = undefined;
    },
  };
}
export type MobileClient = ReturnType<typeof createMobileClient>;

function tokensOf(payload: SessionFragment): SessionTokens {
  const { accessToken, accessTokenExpiresAt, refreshToken, refreshTokenExpiresAt } = payload;
  return { accessToken, accessTokenExpiresAt, refreshToken, refreshTokenExpiresAt };
}

function hasCode(result: FormattedExecutionResult<unknown>, code: string): boolean {
  return (result.errors ?? []).some((e) => e.extensions?.code === code);
}
