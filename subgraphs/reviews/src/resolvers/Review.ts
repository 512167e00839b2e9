import type { Review as ReviewModel } from '../domain/review.ts';
import type { Context } from '../context.ts';

export const Review = {
  __resolveReference: (ref: { id: string }, ctx: Context) => ctx.loaders.review.load(ref.id),
  // References only: the customers and catalog subgraphs resolve these entities' fields.
  author: (review: ReviewModel) => ({ __typename: 'Customer', id: review.authorId }),
  product: (review: ReviewModel) => ({ __typename: 'Product', id: review.productId }),
  helpfulVotes: (review: ReviewModel, _: unknown, ctx: Context) => ctx.loaders.helpfulVotes.load(review.id),
  createdAt: (review: ReviewModel) => review.createdAt.toISOString(),
};
