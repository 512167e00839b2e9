import { SearchInputError } from './errors.ts';

export const SORTS = ['RELEVANCE', 'PRICE_ASC', 'PRICE_DESC', 'NEWEST', 'RATING'] as const;
export type SearchSort = (typeof SORTS)[number];

export const MAX_QUERY_LENGTH = 200;
export const MAX_FIRST = 100;
/** OpenSearch's max_result_window: a page may not end beyond it. */
export const MAX_WINDOW = 10_000;
const MAX_FILTER_VALUES = 50;

/** Price buckets of the facet, in minor units of the store currency: [min, max). */
export const PRICE_BUCKETS: readonly { from?: number; to?: number }[] = [
  { to: 2_500 },
  { from: 2_500, to: 5_000 },
  { from: 5_000, to: 10_000 },
  { from: 10_000, to: 20_000 },
  { from: 20_000, to: 50_000 },
  { from: 50_000 },
];
export const RATING_BUCKETS = [4, 3, 2, 1] as const;

export interface SearchFilter {
  /** The category and its descendants, already expanded to ids. */
  categoryIds?: string[];
  brands?: string[];
  tags?: string[];
  /** Minor units, inclusive. */
  priceMin?: number;
  priceMax?: number;
  inStock?: boolean;
  minRating?: number;
}

export interface SearchRequest {
  /** Trimmed words; '' lists everything. */
  text: string;
  filter: SearchFilter;
  sort: SearchSort;
  first: number;
  offset: number;
}

/** Cursors are offsets into one search's order, opaque to clients. */
export function encodeCursor(offset: number): string {
  return Buffer.from(`o:${offset}`).toString('base64url');
}

export function decodeCursor(cursor: string): number {
  const match = /^o:(\d{1,6})$/.exec(Buffer.from(cursor, 'base64url').toString());
  if (!match) throw new SearchInputError('after is not a cursor of this search; pass a pageInfo.endCursor.', 'after');
  return Number(match[1]) + 1;
}

/**
 * The words to search for: control characters become spaces and runs of spaces collapse.
 * Syntax characters (quotes, +, -, *, :, brackets) stay as they are: the engine receives
 * the words as plain match text, never as query syntax, so they cannot break a search.
 */
export function normalizeText(raw: string | null | undefined): string {
  if (raw === null || raw === undefined) return '';
  if (raw.length > MAX_QUERY_LENGTH * 4) throw tooLong();
  // eslint-disable-next-line no-control-regex
  const text = raw.replace(/[\u0000-\u001f\u007f]/g, ' ').replace(/\s+/g, ' ').trim();
  if (text.length > MAX_QUERY_LENGTH) throw tooLong();
  return text;
}

const tooLong = () => new SearchInputError(`query may be at most ${MAX_QUERY_LENGTH} characters.`, 'query');

export function checkPage(first: number | null | undefined, after: string | null | undefined): { first: number; offset: number } {
  const size = first ?? 20;
  if (!Number.isInteger(size) || size < 0 || size > MAX_FIRST) {
    throw new SearchInputError(`first must be between 0 and ${MAX_FIRST}.`, 'first');
  }
  const offset = after ? decodeCursor(after) : 0;
  if (offset + size > MAX_WINDOW) {
    throw new SearchInputError(`Search results can be paged through the first ${MAX_WINDOW}; narrow the search to see more.`, 'after');
  }
  return { first: size, offset };
}

export function checkValues(field: string, values: string[] | null | undefined): string[] | undefined {
  if (!values || values.length === 0) return undefined;
  if (values.length > MAX_FILTER_VALUES) throw new SearchInputError(`${field} takes at most ${MAX_FILTER_VALUES} values.`, field);
  return values;
}

export function checkMinRating(value: number | null | undefined): number | undefined {
  if (value === null || value === undefined) return undefined;
  if (!Number.isFinite(value) || value < 1 || value > 5) throw new SearchInputError('minRating must be between 1 and 5.', 'minRating');
  return value;
}

type Clause = Record<string, unknown>;
type Dimension = 'category' | 'brand' | 'price' | 'availability' | 'rating';

/** The filter clauses, each tagged with the facet it belongs to (tags belong to none). */
function filterClauses(filter: SearchFilter): { dimension: Dimension | null; clause: Clause }[] {
  const clauses: { dimension: Dimension | null; clause: Clause }[] = [];
  if (filter.categoryIds) clauses.push({ dimension: 'category', clause: { terms: { categoryId: filter.categoryIds } } });
  if (filter.brands) clauses.push({ dimension: 'brand', clause: { terms: { 'brand.keyword': filter.brands } } });
  for (const tag of filter.tags ?? []) clauses.push({ dimension: null, clause: { term: { tags: tag } } });
  if (filter.priceMin !== undefined || filter.priceMax !== undefined) {
    // Some variant within the range: its lowest price at most max and highest at least min is
    // not enough (a gap between variants), so the variants' prices are matched one by one.
    const range: Record<string, number> = {};
    if (filter.priceMin !== undefined) range.gte = filter.priceMin;
    if (filter.priceMax !== undefined) range.lte = filter.priceMax;
    clauses.push({ dimension: 'price', clause: { range: { prices: range } } });
  }
  if (filter.inStock !== undefined) clauses.push({ dimension: 'availability', clause: { term: { inStock: filter.inStock } } });
  if (filter.minRating !== undefined) clauses.push({ dimension: 'rating', clause: { range: { rating: { gte: filter.minRating } } } });
  return clauses;
}

function textQuery(text: string): Clause {
  if (text === '') return { match_all: {} };
  return {
    bool: {
      should: [
        // Whole words, allowing typos (AUTO: 1 edit from 3 letters, 2 from 6), synonyms at search time.
        {
          multi_match: {
            query: text,
            fields: ['name^3', 'brand^2', 'tags.text^2', 'description'],
            type: 'most_fields',
            fuzziness: 'AUTO',
            prefix_length: 1,
            operator: 'and',
          },
        },
        // The words exactly as typed rank above their fuzzy neighbours.
        { multi_match: { query: text, fields: ['name^4', 'brand^2', 'tags.text^2', 'description'], type: 'most_fields', operator: 'and', boost: 2 } },
        { match_phrase: { name: { query: text, boost: 3 } } },
        // Word beginnings: "kett" finds "kettle" while the shopper is still typing.
        { multi_match: { query: text, type: 'bool_prefix', fields: ['suggest', 'suggest._2gram', 'suggest._3gram'] } },
      ],
      minimum_should_match: 1,
    },
  };
}

function sortOf(sort: SearchSort, text: string): Clause[] {
  const tie = { id: 'asc' };
  switch (sort) {
    case 'RELEVANCE':
      return text === '' ? [{ createdAt: 'desc' }, tie] : [{ _score: 'desc' }, { createdAt: 'desc' }, tie];
    case 'PRICE_ASC':
      return [{ priceMin: { order: 'asc', missing: '_last' } }, tie];
    case 'PRICE_DESC':
      return [{ priceMax: { order: 'desc', missing: '_last' } }, tie];
    case 'NEWEST':
      return [{ createdAt: 'desc' }, tie];
    case 'RATING':
      return [{ rating: { order: 'desc', missing: '_last' } }, { ratingCount: 'desc' }, tie];
  }
}

const FINDABLE: Clause[] = [{ term: { status: 'ACTIVE' } }, { term: { deleted: false } }];

/**
 * The OpenSearch request body of a search. The words and the findable rule are the query;
 * the filters are a post_filter, and every facet is an aggregation filtered by all filters
 * but its own, so choosing a brand still counts the other brands (multi-select facets).
 */
export function searchBody(request: SearchRequest): Clause {
  const clauses = filterClauses(request.filter);
  const except = (dimension: Dimension) => ({
    bool: { filter: clauses.filter((c) => c.dimension !== dimension).map((c) => c.clause) },
  });
  return {
    query: { bool: { must: [textQuery(request.text)], filter: FINDABLE } },
    post_filter: { bool: { filter: clauses.map((c) => c.clause) } },
    sort: sortOf(request.sort, request.text),
    from: request.offset,
    size: request.first,
    track_total_hits: true,
    _source: false,
    highlight:
      request.text === ''
        ? undefined
        : {
            encoder: 'html',
            pre_tags: ['<em>'],
            post_tags: ['</em>'],
            fields: { name: { number_of_fragments: 0 }, brand: { number_of_fragments: 0 }, description: { fragment_size: 120, number_of_fragments: 1 } },
          },
    aggs: {
      category: { filter: except('category'), aggs: { values: { terms: { field: 'categoryId', size: 500 } } } },
      brand: { filter: except('brand'), aggs: { values: { terms: { field: 'brand.keyword', size: 50, order: [{ _count: 'desc' }, { _key: 'asc' }] } } } },
      price: {
        filter: except('price'),
        aggs: { values: { range: { field: 'prices', ranges: PRICE_BUCKETS.map((b) => ({ ...b })) } } },
      },
      availability: { filter: except('availability'), aggs: { values: { terms: { field: 'inStock', size: 2 } } } },
      rating: {
        filter: except('rating'),
        aggs: { values: { range: { field: 'rating', ranges: RATING_BUCKETS.map((from) => ({ key: String(from), from })) } } },
      },
    },
  };
}

/**
 * Suggestions: product names in which every word typed begins a word (the shopper is
 * mid-word everywhere: "elec ket" suggests "Electric Kettle"), findable products only.
 */
export function suggestBody(prefix: string, size: number): Clause {
  const words = prefix.toLowerCase().split(' ').filter(Boolean).slice(0, 10);
  return {
    query: { bool: { must: words.map((word) => ({ prefix: { suggest: word } })), filter: FINDABLE } },
    sort: [{ _score: 'desc' }, { id: 'asc' }],
    size,
    _source: ['name'],
  };
}
