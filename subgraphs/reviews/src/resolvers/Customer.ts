import { parseInput } from '@commerce/service-kit';
import { reviewPageArgs } from '../domain/pagination.ts';
import { toConnection } from './connection.ts';
import type { Context } from '../context.ts';

export const Customer = {
  async reviews(customer: { id: string }, args: { first?: number | null; after?: string | null }, ctx: Context) {
    const page = parseInput(reviewPageArgs, { ...args, sort: 'NEWEST' });
    return toConnection(await ctx.loaders.authorReviews.load({ ownerId: customer.id, ...page }));
  },
};
