// A graphql-ws client for tests: collects what one subscription receives and how the socket closed.
import { setTimeout as sleep } from 'node:timers/promises';
import type { FormattedExecutionResult } from 'graphql';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';

export interface Closed {
  code: number;
  reason: string;
}

export interface LiveConnection {
  client: Client;
  /** Resolves when the socket closes. */
  closed: Promise<Closed>;
  /** Resolves once connection_ack arrives (rejects when the socket closes first). */
  opened: Promise<void>;
  subscribe(query: string, variables?: Record<string, unknown>): LiveSubscription;
  dispose(): Promise<void>;
}

export interface LiveSubscription {
  received: FormattedExecutionResult[];
  error: unknown;
  completed: boolean;
  /** Waits until `done` holds for what was received (or an error/completion came), at most `ms`. */
  until(done: (received: FormattedExecutionResult[]) => boolean, ms?: number): Promise<FormattedExecutionResult[]>;
  /** Waits for the subscription to be refused or to end. */
  ended(ms?: number): Promise<void>;
  unsubscribe(): void;
}

export function connect(url: string, connectionParams?: Record<string, unknown>): LiveConnection {
  let resolveClosed: (closed: Closed) => void = () => undefined;
  const closed = new Promise<Closed>((resolve) => (resolveClosed = resolve));
  let resolveOpened: () => void = () => undefined;
  let rejectOpened: (err: Error) => void = () => undefined;
  const opened = new Promise<void>((resolve, reject) => {
    resolveOpened = resolve;
    rejectOpened = reject;
  });
  opened.catch(() => undefined);
  const client = createClient({
    url: url.replace(/^http/, 'ws'),
    webSocketImpl: WebSocket,
    lazy: false,
    retryAttempts: 0,
    ...(connectionParams ? { connectionParams } : {}),
    onNonLazyError: () => undefined,
    on: {
      connected: () => resolveOpened(),
      closed: (event) => {
        const { code, reason } = event as { code: number; reason: string };
        rejectOpened(new Error(`closed ${code} ${reason}`));
        resolveClosed({ code, reason: String(reason) });
      },
    },
  });
  return {
    client,
    closed,
    opened,
    subscribe(query, variables) {
      const state = {
        received: [] as FormattedExecutionResult[],
        error: undefined as unknown,
        completed: false,
      };
      const unsubscribe = client.subscribe(
        { query, ...(variables ? { variables } : {}) },
        {
          next: (value) => void state.received.push(value as FormattedExecutionResult),
          error: (err) => void (state.error = err),
          complete: () => void (state.completed = true),
        },
      );
      const subscription: LiveSubscription = {
        get received() {
          return state.received;
        },
        get error() {
          return state.error;
        },
        get completed() {
          return state.completed;
        },
        async until(done, ms = 30_000) {
          for (const deadline = Date.now() + ms; Date.now() < deadline; ) {
            if (done(state.received)) return state.received;
            if (state.error !== undefined) {
              const { code, reason } = state.error as { code?: number; reason?: string };
              throw new Error(`subscription failed: ${code !== undefined ? `closed ${code} ${reason}` : JSON.stringify(state.error) || String(state.error)}`);
            }
            if (state.completed) break;
            await sleep(50);
          }
          if (done(state.received)) return state.received;
          throw new Error(`subscription did not get there; received ${JSON.stringify(state.received, null, 1)}`);
        },
        async ended(ms = 15_000) {
          for (const deadline = Date.now() + ms; Date.now() < deadline && state.error === undefined && !state.completed; ) await sleep(25);
        },
        unsubscribe,
      };
      return subscription;
    },
    dispose: () => client.dispose() as Promise<void>,
  };
}

/** The GraphQL errors an `error` message carried, by code. */
export function errorCodesOf(error: unknown): unknown[] {
  return Array.isArray(error) ? error.map((e: { extensions?: { code?: unknown } }) => e.extensions?.code) : [];
}
