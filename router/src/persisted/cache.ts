import { InMemoryLRUCache, type KeyValueCache, type KeyValueCacheSetOptions } from '@apollo/utils.keyvaluecache';
import type { ManifestRegistry } from './manifests.ts';

/**
 * What Apollo Server's APQ reads and writes (it prefixes keys with `apq:`): the trusted
 * operations of every manifest first, then an in-process LRU, then the shared store. A
 * registration goes to the store (every replica) and the LRU (this one).
 */
export function createPersistedQueryCache(options: {
  manifests: ManifestRegistry;
  /** Shared by the replicas (PostgresKeyValueCache); without it registrations stay in this process. */
  store?: KeyValueCache<string>;
  /** Upper bound of the LRU, in bytes of query text (default 16 MiB). */
  lruBytes?: number;
}): KeyValueCache<string> {
  const { manifests, store } = options;
  const lru = new InMemoryLRUCache<string>({ maxSize: options.lruBytes ?? 16 * 1024 * 1024, sizeCalculation: (value) => value.length || 1 });
  const idOf = (key: string) => key.replace(/^apq:/, '');
  return {
    async get(key) {
      const trusted = manifests.body(idOf(key));
      if (trusted !== undefined) return trusted;
      const local = await lru.get(key);
      if (local !== undefined || !store) return local;
      const shared = await store.get(key);
      // Kept here for a while only: the store's ttl rules, and deletes elsewhere must show.
      if (shared !== undefined) await lru.set(key, shared, { ttl: 300 });
      return shared;
    },
    async set(key, value, setOptions?: KeyValueCacheSetOptions) {
      await store?.set(key, value, setOptions);
      const ttl = setOptions?.ttl ?? null;
      await lru.set(key, value, { ttl: ttl === null ? 300 : Math.min(ttl, 300) });
    },
    async delete(key) {
      await lru.delete(key);
      return store?.delete(key);
    },
  };
}
