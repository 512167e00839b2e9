import { parseInput } from '@commerce/service-kit';
import { reviewPageArgs } from '../domain/pagination.ts';
import { toConnection } from './connection.ts';
import type { Context } from '../context.ts';
import type { CustomerReviewsArgs } from '../generated/resolver-types.ts';

export const Customer = {
  async reviews(customer: { id: string }, args: CustomerReviewsArgs, ctx: Context) {
    const page = parseInput(reviewPageArgs, { ...args, sort: 'NEWEST' });
    return toConnection(await ctx.loaders.authorReviews.load({ ownerId: customer.id, ...page }));
  },
};
