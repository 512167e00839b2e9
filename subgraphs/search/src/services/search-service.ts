import { badUserInput, moneyView, parseDecimal } from '@commerce/service-kit';
import { SearchInputError } from '../domain/errors.ts';
import { descendantsOf, facetsFrom, matchCategories, type Facets } from '../domain/facets.ts';
import {
  checkMinRating,
  checkPage,
  checkValues,
  encodeCursor,
  normalizeText,
  searchBody,
  suggestBody,
  type SearchFilter,
  type SearchSort,
} from '../domain/search-request.ts';
import type { SearchStore } from '../store/search-store.ts';
import type { CategoryTree } from './category-tree.ts';

export interface SearchDeps {
  store: SearchStore;
  categories: CategoryTree;
  currency: string;
}

export interface SearchArgs {
  query?: string | null;
  filter?: {
    categoryId?: string | null;
    brands?: string[] | null;
    tags?: string[] | null;
    priceRange?: { min?: string | null; max?: string | null } | null;
    inStock?: boolean | null;
    minRating?: number | null;
  } | null;
  sort?: SearchSort | null;
  first?: number | null;
  after?: string | null;
}

export interface SearchResult {
  edges: { cursor: string; node: { id: string }; highlights: { field: string; snippets: string[] }[] }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  totalCount: number;
  facets: Omit<Facets, 'prices' | 'categories'> & {
    prices: { min: string | null; max: string | null; count: number }[];
    categories: { category: { id: string }; count: number }[];
  };
}

/** Input errors become BAD_USER_INPUT with the field named. */
async function coded<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    if (err instanceof SearchInputError) throw badUserInput(err.message, { field: err.field });
    throw err;
  }
}

function price(deps: SearchDeps, field: string, value: string | null | undefined): number | undefined {
  if (value === null || value === undefined) return undefined;
  const amount = parseDecimal(value, deps.currency);
  if (amount === undefined || amount < 0) {
    throw new SearchInputError(`${field} must be a decimal amount in ${deps.currency}, such as "19.99".`, field);
  }
  return amount;
}

export function search(deps: SearchDeps, args: SearchArgs): Promise<SearchResult> {
  return coded(async () => {
    const text = normalizeText(args.query);
    const { first, offset } = checkPage(args.first, args.after);
    const f = args.filter ?? {};
    const nodes = await deps.categories.nodes();
    const filter: SearchFilter = {
      categoryIds: f.categoryId ? descendantsOf(f.categoryId, nodes) : undefined,
      brands: checkValues('brands', f.brands),
      tags: checkValues('tags', f.tags),
      priceMin: price(deps, 'priceRange.min', f.priceRange?.min),
      priceMax: price(deps, 'priceRange.max', f.priceRange?.max),
      inStock: f.inStock ?? undefined,
      minRating: checkMinRating(f.minRating),
    };
    const answer = await deps.store.search(searchBody({ text, filter, sort: args.sort ?? 'RELEVANCE', first, offset }));
    const edges = answer.hits.map((hit, i) => ({
      cursor: encodeCursor(offset + i),
      node: { id: hit.id },
      highlights: Object.entries(hit.highlight).map(([field, snippets]) => ({ field, snippets })),
    }));
    return {
      edges,
      totalCount: answer.total,
      pageInfo: { hasNextPage: offset + edges.length < answer.total, endCursor: edges.at(-1)?.cursor ?? null },
      facets: facetsView(facetsFrom(answer.aggregations, nodes), deps.currency),
    };
  });
}

function facetsView(facets: Facets, currency: string): SearchResult['facets'] {
  const decimal = (amount: number | null) => (amount === null ? null : moneyView({ amount, currency }).amount);
  return {
    ...facets,
    categories: facets.categories.map((c) => ({ category: { id: c.categoryId }, count: c.count })),
    prices: facets.prices.map((p) => ({ min: decimal(p.min), max: decimal(p.max), count: p.count })),
  };
}

export type Suggestion =
  | { kind: 'PRODUCT'; text: string; product: { id: string }; category: null }
  | { kind: 'CATEGORY'; text: string; product: null; category: { id: string } };

/** Categories first (few, and they narrow most), then product names. */
export function suggest(deps: SearchDeps, args: { prefix: string; first?: number | null }): Promise<Suggestion[]> {
  return coded(async () => {
    const prefix = normalizeText(args.prefix);
    if (prefix.length === 0 || prefix.length > 100) throw new SearchInputError('prefix must be 1 to 100 characters.', 'prefix');
    const first = args.first ?? 8;
    if (!Number.isInteger(first) || first < 1 || first > 20) throw new SearchInputError('first must be between 1 and 20.', 'first');
    const categories = matchCategories(prefix, await deps.categories.nodes(), Math.min(3, first));
    const products = await deps.store.suggest(suggestBody(prefix, first - categories.length));
    return [
      ...categories.map((c) => ({ kind: 'CATEGORY' as const, text: c.name, product: null, category: { id: c.id } })),
      ...products.map((p) => ({ kind: 'PRODUCT' as const, text: p.name, product: { id: p.id }, category: null })),
    ];
  });
}
