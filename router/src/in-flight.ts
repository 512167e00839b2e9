/**
 * Calls for a key already in flight share that call's promise instead of starting their own.
 * The key is forgotten as soon as the call settles: nothing is cached, a later call starts anew.
 * Identical subgraph fetches (subgraph-source.ts) and identical operations
 * (operation-merging.ts) are merged through it.
 */
export function createInFlight<T>() {
  const calls = new Map<string, Promise<T>>();
  return {
    /** `start()` for `key`, or the call already in flight for it (then `onShared` is told). */
    share(key: string, start: () => Promise<T>, onShared?: () => void): Promise<T> {
      const pending = calls.get(key);
      if (pending) {
        onShared?.();
        return pending;
      }
      const call = start().finally(() => calls.delete(key));
      calls.set(key, call);
      return call;
    },
  };
}
