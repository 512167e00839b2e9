export type Maybe<T> = T | null;
export type InputMaybe<T> = Maybe<T>;
/** All built-in and custom scalars, mapped to their actual values */
export type Scalars = {
  ID: { input: string; output: string; }
  String: { input: string; output: string; }
  Boolean: { input: boolean; output: boolean; }
  Int: { input: number; output: number; }
  Float: { input: number; output: number; }
};

export type AvailabilityFacet = {
  __typename?: 'AvailabilityFacet';
  inStock: Scalars['Int']['output'];
  outOfStock: Scalars['Int']['output'];
};

export type BrandFacetValue = {
  __typename?: 'BrandFacetValue';
  brand: Scalars['String']['output'];
  count: Scalars['Int']['output'];
};

export type Category = {
  __typename?: 'Category';
  id: Scalars['ID']['output'];
};

export type CategoryFacetValue = {
  __typename?: 'CategoryFacetValue';
  category: Category;
  /** Matching products in this category or below it. */
  count: Scalars['Int']['output'];
};

export type PageInfo = {
  __typename?: 'PageInfo';
  endCursor?: Maybe<Scalars['String']['output']>;
  hasNextPage: Scalars['Boolean']['output'];
};

export type PriceFacetBucket = {
  __typename?: 'PriceFacetBucket';
  count: Scalars['Int']['output'];
  /** Exclusive upper bound; null for the last bucket. */
  max?: Maybe<Scalars['String']['output']>;
  /** Inclusive lower bound; null for the first bucket. */
  min?: Maybe<Scalars['String']['output']>;
};

export type PriceRangeInput = {
  /** Decimal amount in the store currency, inclusive. */
  max?: InputMaybe<Scalars['String']['input']>;
  /** Decimal amount in the store currency, inclusive, e.g. "10.00". */
  min?: InputMaybe<Scalars['String']['input']>;
};

export type Product = {
  __typename?: 'Product';
  id: Scalars['ID']['output'];
};

export type Query = {
  __typename?: 'Query';
  /**
   * Active products matching the words (names, brands, tags, descriptions; typos and word
   * beginnings match too) and the filter. query: at most 200 characters; empty or absent lists
   * everything. first: 0 to 100. after: a pageInfo.endCursor of the same search.
   */
  search: SearchConnection;
  /** Product and category names as the shopper types; prefix: 1 to 100 characters. first: 1 to 20. */
  searchSuggestions: Array<SearchSuggestion>;
};


export type QuerySearchArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<SearchFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
  query?: InputMaybe<Scalars['String']['input']>;
  sort?: InputMaybe<SearchSort>;
};


export type QuerySearchSuggestionsArgs = {
  first?: InputMaybe<Scalars['Int']['input']>;
  prefix: Scalars['String']['input'];
};

export type RatingFacetBucket = {
  __typename?: 'RatingFacetBucket';
  count: Scalars['Int']['output'];
  /** Products rated at least this on average (4, 3, 2, 1). */
  minRating: Scalars['Int']['output'];
};

export type SearchConnection = {
  __typename?: 'SearchConnection';
  edges: Array<SearchEdge>;
  facets: SearchFacets;
  pageInfo: PageInfo;
  /** Every matching product, not only this page (up to 10,000 are counted exactly). */
  totalCount: Scalars['Int']['output'];
};

export type SearchEdge = {
  __typename?: 'SearchEdge';
  /** Opaque; pass it as `after` to continue after this result. */
  cursor: Scalars['String']['output'];
  highlights: Array<SearchHighlight>;
  /**
   * Resolved by the catalog subgraph. Null (with the rest of the page intact) when catalog no
   * longer shows the product: the index follows catalog's changes within about a second.
   */
  node?: Maybe<Product>;
};

/**
 * Counts of the matching products per value. Each facet applies every filter except its own
 * (choosing a brand still shows the counts of the other brands).
 */
export type SearchFacets = {
  __typename?: 'SearchFacets';
  availability: AvailabilityFacet;
  brands: Array<BrandFacetValue>;
  categories: Array<CategoryFacetValue>;
  prices: Array<PriceFacetBucket>;
  ratings: Array<RatingFacetBucket>;
};

export type SearchFilter = {
  /** Any of these brands. */
  brands?: InputMaybe<Array<Scalars['String']['input']>>;
  /** A category and all its descendants. */
  categoryId?: InputMaybe<Scalars['ID']['input']>;
  /** true: products with stock on hand in some warehouse; false: products without. */
  inStock?: InputMaybe<Scalars['Boolean']['input']>;
  /** Average rating at least this (1 to 5). */
  minRating?: InputMaybe<Scalars['Float']['input']>;
  /** Products with a variant priced within the range. */
  priceRange?: InputMaybe<PriceRangeInput>;
  /** Products carrying all of these tags. */
  tags?: InputMaybe<Array<Scalars['String']['input']>>;
};

/** Where the query matched, with the matching words between <em> and </em> (the rest HTML-escaped). */
export type SearchHighlight = {
  __typename?: 'SearchHighlight';
  /** name, description, brand or tags. */
  field: Scalars['String']['output'];
  snippets: Array<Scalars['String']['output']>;
};

export type SearchSort =
  | 'NEWEST'
  /** Lowest variant price first. */
  | 'PRICE_ASC'
  /** Highest variant price first. */
  | 'PRICE_DESC'
  /** Highest average rating first, then most reviews. */
  | 'RATING'
  /** Best match first (newest first without a query). */
  | 'RELEVANCE';

export type SearchSuggestion = {
  __typename?: 'SearchSuggestion';
  /** Set for CATEGORY suggestions. */
  category?: Maybe<Category>;
  kind: SearchSuggestionKind;
  /** Set for PRODUCT suggestions; null if catalog no longer shows it. */
  product?: Maybe<Product>;
  /** The product or category name. */
  text: Scalars['String']['output'];
};

export type SearchSuggestionKind =
  | 'CATEGORY'
  | 'PRODUCT';
