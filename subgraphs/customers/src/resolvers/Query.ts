import type { Context } from '../context.ts';

export const Query = {
  customer: (_: unknown, args: { id: string }, ctx: Context) => ctx.loaders.customer.load(args.id),
};
