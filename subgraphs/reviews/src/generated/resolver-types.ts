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

export type Customer = {
  __typename?: 'Customer';
  id: Scalars['ID']['output'];
  /** Newest first. first: 0 to 100. Null, with an error, when reviews fails. */
  reviews?: Maybe<ReviewConnection>;
};


export type CustomerReviewsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};

export type Mutation = {
  __typename?: 'Mutation';
  /** The author or an admin. */
  removeReview: Scalars['Boolean']['output'];
  /** Signed-in customers; one review per product per customer. The product must be active. */
  submitReview: Review;
  /** Signed in; once per review, and not on your own review. */
  voteReviewHelpful: Review;
};


export type MutationRemoveReviewArgs = {
  id: Scalars['ID']['input'];
};


export type MutationSubmitReviewArgs = {
  input: SubmitReviewInput;
};


export type MutationVoteReviewHelpfulArgs = {
  reviewId: Scalars['ID']['input'];
};

export type PageInfo = {
  __typename?: 'PageInfo';
  endCursor?: Maybe<Scalars['String']['output']>;
  hasNextPage: Scalars['Boolean']['output'];
};

export type Product = {
  __typename?: 'Product';
  id: Scalars['ID']['output'];
  /** Null, with an error, when reviews fails. */
  rating?: Maybe<RatingSummary>;
  /** first: 0 to 100. after: a pageInfo.endCursor of the same sort. Null, with an error, when reviews fails, so the rest of the product still answers. */
  reviews?: Maybe<ReviewConnection>;
};


export type ProductReviewsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  sort?: InputMaybe<ReviewSort>;
};

export type Query = {
  __typename?: 'Query';
  review?: Maybe<Review>;
};


export type QueryReviewArgs = {
  id: Scalars['ID']['input'];
};

export type RatingBucket = {
  __typename?: 'RatingBucket';
  count: Scalars['Int']['output'];
  rating: Scalars['Int']['output'];
};

export type RatingSummary = {
  __typename?: 'RatingSummary';
  /** Mean rating rounded to 2 decimals; null when there are no reviews. */
  average?: Maybe<Scalars['Float']['output']>;
  count: Scalars['Int']['output'];
  /** Always five buckets, from 5 stars down to 1. */
  distribution: Array<RatingBucket>;
};

/** A customer's review of a product. Owned by the reviews subgraph. Reviews are public. */
export type Review = {
  __typename?: 'Review';
  /** Resolved by the customers subgraph; null, with an error, when that fails. */
  author?: Maybe<Customer>;
  body: Scalars['String']['output'];
  /** ISO 8601 UTC. */
  createdAt: Scalars['String']['output'];
  /** How many other customers found the review helpful. */
  helpfulVotes: Scalars['Int']['output'];
  id: Scalars['ID']['output'];
  /** Resolved by the catalog subgraph; null, with an error, when that fails. */
  product?: Maybe<Product>;
  /** 1 to 5 stars. */
  rating: Scalars['Int']['output'];
  title: Scalars['String']['output'];
  /** True when the author has had an order containing this product delivered. */
  verifiedPurchase: Scalars['Boolean']['output'];
};

export type ReviewConnection = {
  __typename?: 'ReviewConnection';
  edges: Array<ReviewEdge>;
  pageInfo: PageInfo;
  totalCount: Scalars['Int']['output'];
};

export type ReviewEdge = {
  __typename?: 'ReviewEdge';
  /** Opaque; pass it as `after` to continue after this review. */
  cursor: Scalars['String']['output'];
  node: Review;
};

export type ReviewSort =
  /** Most helpful votes first, then newest. */
  | 'MOST_HELPFUL'
  /** Newest first. */
  | 'NEWEST'
  /** Highest rating first, then newest. */
  | 'RATING';

export type SubmitReviewInput = {
  /** 1 to 5000 characters. */
  body: Scalars['String']['input'];
  productId: Scalars['ID']['input'];
  /** 1 to 5. */
  rating: Scalars['Int']['input'];
  /** 1 to 120 characters. */
  title: Scalars['String']['input'];
};
