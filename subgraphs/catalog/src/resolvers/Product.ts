import type { Product as ProductModel } from '../domain/product.ts';
import type { Context } from '../context.ts';

export const Product = {
  __resolveReference: (ref: { id: string }, ctx: Context) => ctx.loaders.product.load(ref.id),
  // A reference only: the customers subgraph resolves the customer's fields.
  createdBy: (product: ProductModel) => ({ __typename: 'Customer', id: product.createdById }),
  createdAt: (product: ProductModel) => product.createdAt.toISOString(),
};
