import type { Context } from '../context.ts';
import type { QueryReviewArgs } from '../generated/resolver-types.ts';

export const Query = {
  review: (_: unknown, args: QueryReviewArgs, ctx: Context) => ctx.loaders.review.load(args.id),
};
