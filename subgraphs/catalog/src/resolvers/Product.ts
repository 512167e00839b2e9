import { hasRole, moneyView } from '@commerce/service-kit';
import { isVisible, priceRange, type Product as ProductModel } from '../domain/product.ts';
import type { Context } from '../context.ts';

/** The product if the viewer may see it through a reference (isVisible), else null. */
export function referencedProduct(ctx: Context, product: ProductModel | undefined): ProductModel | null {
  return product && isVisible(product.status, { admin: hasRole(ctx.viewer, 'ADMIN'), throughReference: true }) ? product : null;
}

export const Product = {
  __resolveReference: async (ref: { id: string }, ctx: Context) => referencedProduct(ctx, await ctx.loaders.product.load(ref.id)),
  category: (product: ProductModel, _: unknown, ctx: Context) =>
    product.categoryId ? ctx.loaders.category.load(product.categoryId) : null,
  variants: (product: ProductModel) => product.variants.map((variant) => ({ ...variant, product })),
  priceRange: (product: ProductModel) => {
    const range = priceRange(product);
    return range ? { min: moneyView(range.min), max: moneyView(range.max) } : null;
  },
  // A reference only: the customers subgraph resolves the customer's fields.
  createdBy: (product: ProductModel) => ({ __typename: 'Customer', id: product.createdById }),
  createdAt: (product: ProductModel) => product.createdAt.toISOString(),
  updatedAt: (product: ProductModel) => product.updatedAt.toISOString(),
};
