import { moneyView } from '@commerce/service-kit';
import { priceRange, type Product as ProductModel } from '../domain/product.ts';
import type { Context } from '../context.ts';

export const Product = {
  // References come from entities the viewer may see (an order line), so any status resolves.
  __resolveReference: (ref: { id: string }, ctx: Context) => ctx.loaders.product.load(ref.id),
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
