import { useEffect, useRef, useState } from 'react';
import type { Client as WsClient } from 'graphql-ws';

/** How a live view stands: before its first payload, following, resuming after a drop, or finished. */
export type LiveState = 'connecting' | 'live' | 'reconnecting' | 'done';

export interface ResumableSubscription<Data> {
  /** The subscription's printed document (urql's stringifyDocument of the generated one). */
  query: string;
  operationName: string;
  /** Its variables but `after`, which this fills with the last cursor. */
  variables: Record<string, unknown>;
  enabled?: boolean;
  onData: (data: Data) => void;
  /** A payload after which nothing more will come (an order delivered): stop following. */
  isFinal?: (data: Data) => boolean;
  /**
   * Called when the subscription starts again after a drop with no cursor to resume from (it
   * dropped before its first payload): what happened meanwhile will not be replayed, so the
   * view should reload what it shows.
   */
  onResync?: () => void;
}

/**
 * Follows a subscription from the last `extensions.cursor` seen (docs/router.md): when the
 * socket drops (network, expired token, slow consumer) it subscribes again with `after`, so
 * what was missed arrives once and in order, then live updates follow. `key` restarts it.
 */
export function useResumableSubscription<Data>(wsClient: WsClient, key: string, options: ResumableSubscription<Data>): LiveState {
  const [state, setState] = useState<LiveState>('connecting');
  const latest = useRef(options);
  latest.current = options;
  const enabled = options.enabled ?? true;
  useEffect(() => {
    if (!enabled) return;
    let cursor: string | undefined;
    let stopped = false;
    let unsubscribe: (() => void) | undefined;
    let retry: ReturnType<typeof setTimeout> | undefined;
    let delay = 500;
    let dropped = false;
    const subscribe = () => {
      const { query, operationName, variables } = latest.current;
      if (dropped && !cursor) latest.current.onResync?.();
      unsubscribe = wsClient.subscribe<Data, { cursor?: string }>(
        { query, operationName, variables: { ...variables, after: cursor ?? null } },
        {
          next: (payload) => {
            if (payload.errors?.length) {
              // A cursor the router no longer accepts: start over from now.
              if (payload.errors[0]?.extensions?.code === 'BAD_USER_INPUT') cursor = undefined;
              return;
            }
            if (payload.extensions?.cursor) cursor = payload.extensions.cursor;
            const data = payload.data;
            if (!data) return;
            delay = 500;
            const final = latest.current.isFinal?.(data) ?? false;
            setState((s) => (s === 'done' || final ? 'done' : 'live'));
            latest.current.onData(data);
          },
          error: () => again(),
          complete: () => again(),
        },
      );
      setState((s) => (s === 'done' ? s : cursor ? 'reconnecting' : 'connecting'));
      // graphql-ws reports "live" only by the first payload; the socket opening is enough to say so.
      const off = wsClient.on('connected', () => {
        off();
        setState((s) => (s === 'done' ? s : 'live'));
      });
    };
    const again = () => {
      if (stopped) return;
      dropped = true;
      setState((s) => (s === 'done' ? s : 'reconnecting'));
      retry = setTimeout(subscribe, delay);
      delay = Math.min(delay * 2, 10_000);
    };
    subscribe();
    const online = () => {
      if (retry) {
        clearTimeout(retry);
        retry = undefined;
        delay = 500;
        subscribe();
      }
    };
    window.addEventListener('online', online);
    return () => {
      stopped = true;
      window.removeEventListener('online', online);
      if (retry) clearTimeout(retry);
      unsubscribe?.();
    };
  }, [wsClient, key, enabled]);
  return state;
}
