import * as catalog from '../services/catalog-service.ts';
import type { Context } from '../context.ts';
import type {
  MutationAddVariantArgs,
  MutationArchiveProductArgs,
  MutationCreateCategoryArgs,
  MutationCreateProductArgs,
  MutationDeleteCategoryArgs,
  MutationDeleteProductArgs,
  MutationRemoveVariantArgs,
  MutationUpdateCategoryArgs,
  MutationUpdatePricesArgs,
  MutationUpdateProductArgs,
  MutationUpdateVariantArgs,
} from '../generated/resolver-types.ts';

export const Mutation = {
  createProduct: (_: unknown, args: MutationCreateProductArgs, ctx: Context) => catalog.createProduct(ctx, args.input),
  updateProduct: (_: unknown, args: MutationUpdateProductArgs, ctx: Context) => catalog.updateProduct(ctx, args.id, args.input),
  archiveProduct: (_: unknown, args: MutationArchiveProductArgs, ctx: Context) => catalog.archiveProduct(ctx, args.id),
  deleteProduct: (_: unknown, args: MutationDeleteProductArgs, ctx: Context) => catalog.deleteProduct(ctx, args.id),
  addVariant: (_: unknown, args: MutationAddVariantArgs, ctx: Context) => catalog.addVariant(ctx, args.productId, args.input),
  updateVariant: (_: unknown, args: MutationUpdateVariantArgs, ctx: Context) => catalog.updateVariant(ctx, args.id, args.input),
  removeVariant: (_: unknown, args: MutationRemoveVariantArgs, ctx: Context) => catalog.removeVariant(ctx, args.id),
  updatePrices: (_: unknown, args: MutationUpdatePricesArgs, ctx: Context) => catalog.updatePrices(ctx, args.updates),
  createCategory: (_: unknown, args: MutationCreateCategoryArgs, ctx: Context) => catalog.createCategory(ctx, args.input),
  updateCategory: (_: unknown, args: MutationUpdateCategoryArgs, ctx: Context) => catalog.updateCategory(ctx, args.id, args.input),
  deleteCategory: (_: unknown, args: MutationDeleteCategoryArgs, ctx: Context) => catalog.deleteCategory(ctx, args.id),
};
