import type { Context } from '../context.ts';

export const Query = {
  review: (_: unknown, args: { id: string }, ctx: Context) => ctx.loaders.review.load(args.id),
};
