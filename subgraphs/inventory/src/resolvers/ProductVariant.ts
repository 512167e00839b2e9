import { summarizeStock } from '../domain/stock.ts';
import type { Context } from '../context.ts';
import type { VariantStockModel } from './Stock.ts';

interface VariantRef {
  id: string;
}

// The catalog owns variants; any id resolves here, and one the inventory never heard of has no stock.
export const ProductVariant = {
  __resolveReference: (ref: VariantRef): VariantRef => ({ id: ref.id }),
  inStock: async (variant: VariantRef, _: unknown, ctx: Context) =>
    summarizeStock(await ctx.loaders.stockLevels.load(variant.id)).available > 0,
  stock: async (variant: VariantRef, _: unknown, ctx: Context): Promise<VariantStockModel> => {
    const levels = await ctx.loaders.stockLevels.load(variant.id);
    return { ...summarizeStock(levels), levels };
  },
};
