import type { GraphQLResolveInfo } from 'graphql';
import type { Context } from '../context.ts';
export type Maybe<T> = T | null;
export type InputMaybe<T> = Maybe<T>;
export type RequireFields<T, K extends keyof T> = Omit<T, K> & { [P in K]-?: NonNullable<T[P]> };
/** All built-in and custom scalars, mapped to their actual values */
export type Scalars = {
  ID: { input: string; output: string; }
  String: { input: string; output: string; }
  Boolean: { input: boolean; output: boolean; }
  Int: { input: number; output: number; }
  Float: { input: number; output: number; }
  _FieldSet: { input: string; output: string; }
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



export type ResolverTypeWrapper<T> = Promise<T> | T;


export type ResolverWithResolve<TResult, TParent, TContext, TArgs> = {
  resolve: ResolverFn<TResult, TParent, TContext, TArgs>;
};
export type Resolver<TResult, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> = ResolverFn<TResult, TParent, TContext, TArgs> | ResolverWithResolve<TResult, TParent, TContext, TArgs>;

export type ResolverFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => Promise<TResult> | TResult;

export type SubscriptionSubscribeFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => AsyncIterable<TResult> | Promise<AsyncIterable<TResult>>;

export type SubscriptionResolveFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => TResult | Promise<TResult>;

export interface SubscriptionSubscriberObject<TResult, TKey extends string, TParent, TContext, TArgs> {
  subscribe: SubscriptionSubscribeFn<{ [key in TKey]: TResult }, TParent, TContext, TArgs>;
  resolve?: SubscriptionResolveFn<TResult, { [key in TKey]: TResult }, TContext, TArgs>;
}

export interface SubscriptionResolverObject<TResult, TParent, TContext, TArgs> {
  subscribe: SubscriptionSubscribeFn<any, TParent, TContext, TArgs>;
  resolve: SubscriptionResolveFn<TResult, any, TContext, TArgs>;
}

export type SubscriptionObject<TResult, TKey extends string, TParent, TContext, TArgs> =
  | SubscriptionSubscriberObject<TResult, TKey, TParent, TContext, TArgs>
  | SubscriptionResolverObject<TResult, TParent, TContext, TArgs>;

export type SubscriptionResolver<TResult, TKey extends string, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> =
  | ((...args: any[]) => SubscriptionObject<TResult, TKey, TParent, TContext, TArgs>)
  | SubscriptionObject<TResult, TKey, TParent, TContext, TArgs>;

export type TypeResolveFn<TTypes, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>> = (
  parent: TParent,
  context: TContext,
  info: GraphQLResolveInfo
) => Maybe<TTypes> | Promise<Maybe<TTypes>>;

export type IsTypeOfResolverFn<T = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>> = (obj: T, context: TContext, info: GraphQLResolveInfo) => boolean | Promise<boolean>;

export type NextResolverFn<T> = () => Promise<T>;

export type DirectiveResolverFn<TResult = Record<PropertyKey, never>, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> = (
  next: NextResolverFn<TResult>,
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => TResult | Promise<TResult>;





/** Mapping between all available schema types and the resolvers types */
export type ResolversTypes = {
  AvailabilityFacet: ResolverTypeWrapper<AvailabilityFacet>;
  Int: ResolverTypeWrapper<Scalars['Int']['output']>;
  BrandFacetValue: ResolverTypeWrapper<BrandFacetValue>;
  String: ResolverTypeWrapper<Scalars['String']['output']>;
  Category: ResolverTypeWrapper<Category>;
  ID: ResolverTypeWrapper<Scalars['ID']['output']>;
  CategoryFacetValue: ResolverTypeWrapper<CategoryFacetValue>;
  PageInfo: ResolverTypeWrapper<PageInfo>;
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
  PriceFacetBucket: ResolverTypeWrapper<PriceFacetBucket>;
  PriceRangeInput: PriceRangeInput;
  Product: ResolverTypeWrapper<Product>;
  Query: ResolverTypeWrapper<Record<PropertyKey, never>>;
  RatingFacetBucket: ResolverTypeWrapper<RatingFacetBucket>;
  SearchConnection: ResolverTypeWrapper<SearchConnection>;
  SearchEdge: ResolverTypeWrapper<SearchEdge>;
  SearchFacets: ResolverTypeWrapper<SearchFacets>;
  SearchFilter: SearchFilter;
  Float: ResolverTypeWrapper<Scalars['Float']['output']>;
  SearchHighlight: ResolverTypeWrapper<SearchHighlight>;
  SearchSort: SearchSort;
  SearchSuggestion: ResolverTypeWrapper<SearchSuggestion>;
  SearchSuggestionKind: SearchSuggestionKind;
};

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = {
  AvailabilityFacet: AvailabilityFacet;
  Int: Scalars['Int']['output'];
  BrandFacetValue: BrandFacetValue;
  String: Scalars['String']['output'];
  Category: Category;
  ID: Scalars['ID']['output'];
  CategoryFacetValue: CategoryFacetValue;
  PageInfo: PageInfo;
  Boolean: Scalars['Boolean']['output'];
  PriceFacetBucket: PriceFacetBucket;
  PriceRangeInput: PriceRangeInput;
  Product: Product;
  Query: Record<PropertyKey, never>;
  RatingFacetBucket: RatingFacetBucket;
  SearchConnection: SearchConnection;
  SearchEdge: SearchEdge;
  SearchFacets: SearchFacets;
  SearchFilter: SearchFilter;
  Float: Scalars['Float']['output'];
  SearchHighlight: SearchHighlight;
  SearchSuggestion: SearchSuggestion;
};

export type AvailabilityFacetResolvers<ContextType = Context, ParentType extends ResolversParentTypes['AvailabilityFacet'] = ResolversParentTypes['AvailabilityFacet']> = {
  inStock?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  outOfStock?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type BrandFacetValueResolvers<ContextType = Context, ParentType extends ResolversParentTypes['BrandFacetValue'] = ResolversParentTypes['BrandFacetValue']> = {
  brand?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  count?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type CategoryResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Category'] = ResolversParentTypes['Category']> = {
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
};

export type CategoryFacetValueResolvers<ContextType = Context, ParentType extends ResolversParentTypes['CategoryFacetValue'] = ResolversParentTypes['CategoryFacetValue']> = {
  category?: Resolver<ResolversTypes['Category'], ParentType, ContextType>;
  count?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type PageInfoResolvers<ContextType = Context, ParentType extends ResolversParentTypes['PageInfo'] = ResolversParentTypes['PageInfo']> = {
  endCursor?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  hasNextPage?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
};

export type PriceFacetBucketResolvers<ContextType = Context, ParentType extends ResolversParentTypes['PriceFacetBucket'] = ResolversParentTypes['PriceFacetBucket']> = {
  count?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  max?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  min?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
};

export type ProductResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Product'] = ResolversParentTypes['Product']> = {
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
};

export type QueryResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Query'] = ResolversParentTypes['Query']> = {
  search?: Resolver<ResolversTypes['SearchConnection'], ParentType, ContextType, RequireFields<QuerySearchArgs, 'first' | 'sort'>>;
  searchSuggestions?: Resolver<Array<ResolversTypes['SearchSuggestion']>, ParentType, ContextType, RequireFields<QuerySearchSuggestionsArgs, 'first' | 'prefix'>>;
};

export type RatingFacetBucketResolvers<ContextType = Context, ParentType extends ResolversParentTypes['RatingFacetBucket'] = ResolversParentTypes['RatingFacetBucket']> = {
  count?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  minRating?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type SearchConnectionResolvers<ContextType = Context, ParentType extends ResolversParentTypes['SearchConnection'] = ResolversParentTypes['SearchConnection']> = {
  edges?: Resolver<Array<ResolversTypes['SearchEdge']>, ParentType, ContextType>;
  facets?: Resolver<ResolversTypes['SearchFacets'], ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
  totalCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type SearchEdgeResolvers<ContextType = Context, ParentType extends ResolversParentTypes['SearchEdge'] = ResolversParentTypes['SearchEdge']> = {
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  highlights?: Resolver<Array<ResolversTypes['SearchHighlight']>, ParentType, ContextType>;
  node?: Resolver<Maybe<ResolversTypes['Product']>, ParentType, ContextType>;
};

export type SearchFacetsResolvers<ContextType = Context, ParentType extends ResolversParentTypes['SearchFacets'] = ResolversParentTypes['SearchFacets']> = {
  availability?: Resolver<ResolversTypes['AvailabilityFacet'], ParentType, ContextType>;
  brands?: Resolver<Array<ResolversTypes['BrandFacetValue']>, ParentType, ContextType>;
  categories?: Resolver<Array<ResolversTypes['CategoryFacetValue']>, ParentType, ContextType>;
  prices?: Resolver<Array<ResolversTypes['PriceFacetBucket']>, ParentType, ContextType>;
  ratings?: Resolver<Array<ResolversTypes['RatingFacetBucket']>, ParentType, ContextType>;
};

export type SearchHighlightResolvers<ContextType = Context, ParentType extends ResolversParentTypes['SearchHighlight'] = ResolversParentTypes['SearchHighlight']> = {
  field?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  snippets?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
};

export type SearchSuggestionResolvers<ContextType = Context, ParentType extends ResolversParentTypes['SearchSuggestion'] = ResolversParentTypes['SearchSuggestion']> = {
  category?: Resolver<Maybe<ResolversTypes['Category']>, ParentType, ContextType>;
  kind?: Resolver<ResolversTypes['SearchSuggestionKind'], ParentType, ContextType>;
  product?: Resolver<Maybe<ResolversTypes['Product']>, ParentType, ContextType>;
  text?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type Resolvers<ContextType = Context> = {
  AvailabilityFacet?: AvailabilityFacetResolvers<ContextType>;
  BrandFacetValue?: BrandFacetValueResolvers<ContextType>;
  Category?: CategoryResolvers<ContextType>;
  CategoryFacetValue?: CategoryFacetValueResolvers<ContextType>;
  PageInfo?: PageInfoResolvers<ContextType>;
  PriceFacetBucket?: PriceFacetBucketResolvers<ContextType>;
  Product?: ProductResolvers<ContextType>;
  Query?: QueryResolvers<ContextType>;
  RatingFacetBucket?: RatingFacetBucketResolvers<ContextType>;
  SearchConnection?: SearchConnectionResolvers<ContextType>;
  SearchEdge?: SearchEdgeResolvers<ContextType>;
  SearchFacets?: SearchFacetsResolvers<ContextType>;
  SearchHighlight?: SearchHighlightResolvers<ContextType>;
  SearchSuggestion?: SearchSuggestionResolvers<ContextType>;
};

