import { clampPageSize } from '../domain/product.ts';
import type { Context } from '../context.ts';

export const Query = {
  product: (_: unknown, args: { id: string }, ctx: Context) => ctx.loaders.product.load(args.id),
  products: (_: unknown, args: { first?: number | null }, ctx: Context) => ctx.products.list(clampPageSize(args.first)),
};
