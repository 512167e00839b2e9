import { PRICE_BUCKETS, RATING_BUCKETS } from './search-request.ts';

export interface CategoryNode {
  id: string;
  name: string;
  parentId: string | null;
}

export interface Facets {
  categories: { categoryId: string; count: number }[];
  brands: { brand: string; count: number }[];
  /** Minor units; min inclusive, max exclusive. */
  prices: { min: number | null; max: number | null; count: number }[];
  availability: { inStock: number; outOfStock: number };
  ratings: { minRating: number; count: number }[];
}

interface Bucket {
  key: string | number;
  key_as_string?: string;
  doc_count: number;
}
type Aggregations = Record<string, { values?: { buckets?: Bucket[] } } | undefined>;

const buckets = (aggs: Aggregations, name: string): Bucket[] => aggs[name]?.values?.buckets ?? [];

/**
 * Counts per category including its descendants: a product sits in one category, so the
 * counts of a category's subtree add up exactly. Categories the tree does not know (made
 * since it was read) count for themselves only.
 */
export function rollUpCategories(leafCounts: Map<string, number>, nodes: ReadonlyMap<string, CategoryNode>): Map<string, number> {
  const totals = new Map<string, number>();
  for (const [categoryId, count] of leafCounts) {
    let id: string | null = categoryId;
    const seen = new Set<string>();
    while (id !== null && !seen.has(id)) {
      seen.add(id);
      totals.set(id, (totals.get(id) ?? 0) + count);
      id = nodes.get(id)?.parentId ?? null;
    }
  }
  return totals;
}

/** The facets of a search answer, from its aggregations. */
export function facetsFrom(aggs: Aggregations, nodes: ReadonlyMap<string, CategoryNode>): Facets {
  const leaf = new Map(buckets(aggs, 'category').map((b) => [String(b.key), b.doc_count]));
  const categories = [...rollUpCategories(leaf, nodes)]
    .map(([categoryId, count]) => ({ categoryId, count }))
    .sort((a, b) => b.count - a.count || a.categoryId.localeCompare(b.categoryId));
  const availability = { inStock: 0, outOfStock: 0 };
  for (const b of buckets(aggs, 'availability')) {
    // Boolean terms come back as 1/0 with key_as_string "true"/"false".
    if (b.key_as_string === 'true' || b.key === 1) availability.inStock = b.doc_count;
    else availability.outOfStock = b.doc_count;
  }
  const priceBuckets = buckets(aggs, 'price');
  const ratingBuckets = buckets(aggs, 'rating');
  return {
    categories,
    brands: buckets(aggs, 'brand').map((b) => ({ brand: String(b.key), count: b.doc_count })),
    prices: PRICE_BUCKETS.map((range, i) => ({ min: range.from ?? null, max: range.to ?? null, count: priceBuckets[i]?.doc_count ?? 0 })),
    availability,
    ratings: RATING_BUCKETS.map((minRating, i) => ({ minRating, count: ratingBuckets[i]?.doc_count ?? 0 })),
  };
}

/** The category and every category below it. */
export function descendantsOf(categoryId: string, nodes: ReadonlyMap<string, CategoryNode>): string[] {
  const children = new Map<string, string[]>();
  for (const node of nodes.values()) {
    if (node.parentId) children.set(node.parentId, [...(children.get(node.parentId) ?? []), node.id]);
  }
  const result: string[] = [];
  const queue = [categoryId];
  while (queue.length > 0) {
    const id = queue.shift()!;
    if (result.includes(id)) continue;
    result.push(id);
    queue.push(...(children.get(id) ?? []));
  }
  return result;
}

/** Category names with a word beginning with the prefix, shortest first. */
export function matchCategories(prefix: string, nodes: ReadonlyMap<string, CategoryNode>, limit: number): CategoryNode[] {
  const words = prefix.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return [];
  return [...nodes.values()]
    .filter((node) => {
      const nameWords = node.name.toLowerCase().split(/[\s\-&,/]+/);
      return words.every((word) => nameWords.some((w) => w.startsWith(word)));
    })
    .sort((a, b) => a.name.length - b.name.length || a.name.localeCompare(b.name))
    .slice(0, limit);
}
