import type { Logger } from '@commerce/service-kit';
import type { CategoryNode } from '../domain/facets.ts';

/** The catalog's category tree as search needs it: descendants, names for facets' roll-up and suggestions. */
export interface CategoryTree {
  nodes(): Promise<ReadonlyMap<string, CategoryNode>>;
}

interface RemoteCategory {
  id: string;
  name: string;
  children?: RemoteCategory[];
}

// Five levels deep: the catalog has three; a deeper tree is read down to the fifth level.
const TREE_QUERY = `query SearchCategoryTree { categories { ...C children { ...C children { ...C children { ...C children { ...C } } } } } }
fragment C on Category { id name }`;

/** A fixed tree (tests, benches). */
export function staticCategoryTree(nodes: readonly CategoryNode[]): CategoryTree {
  const map = new Map(nodes.map((node) => [node.id, node]));
  return { nodes: async () => map };
}

/**
 * The tree read from the catalog subgraph (categories have no events), kept for `ttlMs`.
 * While the catalog cannot answer, the last tree read stays in use; before any was read, an
 * empty tree (a category filter then matches its own products only).
 */
export function remoteCategoryTree(options: { catalogUrl: string; ttlMs: number; logger: Logger }): CategoryTree {
  let cached: { map: Map<string, CategoryNode>; at: number } | undefined;
  let loading: Promise<Map<string, CategoryNode>> | undefined;

  async function load(): Promise<Map<string, CategoryNode>> {
    const response = await fetch(options.catalogUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: TREE_QUERY }),
      signal: AbortSignal.timeout(3_000),
    });
    const body = (await response.json()) as { data?: { categories?: RemoteCategory[] } };
    const map = new Map<string, CategoryNode>();
    const walk = (categories: RemoteCategory[] | undefined, parentId: string | null) => {
      for (const category of categories ?? []) {
        map.set(category.id, { id: category.id, name: category.name, parentId });
        walk(category.children, category.id);
      }
    };
    if (!body.data?.categories) throw new Error(`catalog answered no categories (HTTP ${response.status})`);
    walk(body.data.categories, null);
    return map;
  }

  return {
    async nodes() {
      if (cached && Date.now() - cached.at < options.ttlMs) return cached.map;
      loading ??= load()
        .then((map) => {
          cached = { map, at: Date.now() };
          return map;
        })
        .catch((err: unknown) => {
          options.logger.warn({ err }, 'could not read the category tree from catalog; using the last one');
          if (cached) cached.at = Date.now() - options.ttlMs + 5_000;
          return cached?.map ?? new Map<string, CategoryNode>();
        })
        .finally(() => {
          loading = undefined;
        });
      return loading;
    },
  };
}
