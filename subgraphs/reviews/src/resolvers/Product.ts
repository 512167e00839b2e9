import { parseInput } from '@commerce/service-kit';
import { reviewPageArgs } from '../domain/pagination.ts';
import { toConnection } from './connection.ts';
import type { Context } from '../context.ts';
import type { ProductReviewsArgs } from '../generated/resolver-types.ts';

// No __resolveReference: a Product reference ({ id }) is all these fields need, and any
// id is a valid product here (one without reviews has an empty list and a null average).
export const Product = {
  async reviews(product: { id: string }, args: ProductReviewsArgs, ctx: Context) {
    const page = parseInput(reviewPageArgs, args);
    return toConnection(await ctx.loaders.productReviews.load({ ownerId: product.id, ...page }));
  },
  rating: (product: { id: string }, _: unknown, ctx: Context) => ctx.loaders.rating.load(product.id),
};
