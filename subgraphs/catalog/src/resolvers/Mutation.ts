import * as catalog from '../services/catalog-service.ts';
import type { Context } from '../context.ts';

type Args<T = unknown> = { input: T };

export const Mutation = {
  createProduct: (_: unknown, args: Args, ctx: Context) => catalog.createProduct(ctx, args.input),
  updateProduct: (_: unknown, args: Args & { id: string }, ctx: Context) => catalog.updateProduct(ctx, args.id, args.input),
  archiveProduct: (_: unknown, args: { id: string }, ctx: Context) => catalog.archiveProduct(ctx, args.id),
  deleteProduct: (_: unknown, args: { id: string }, ctx: Context) => catalog.deleteProduct(ctx, args.id),
  addVariant: (_: unknown, args: Args & { productId: string }, ctx: Context) => catalog.addVariant(ctx, args.productId, args.input),
  updateVariant: (_: unknown, args: Args & { id: string }, ctx: Context) => catalog.updateVariant(ctx, args.id, args.input),
  removeVariant: (_: unknown, args: { id: string }, ctx: Context) => catalog.removeVariant(ctx, args.id),
  updatePrices: (_: unknown, args: { updates: unknown }, ctx: Context) => catalog.updatePrices(ctx, args.updates),
  createCategory: (_: unknown, args: Args, ctx: Context) => catalog.createCategory(ctx, args.input),
  updateCategory: (_: unknown, args: Args & { id: string }, ctx: Context) => catalog.updateCategory(ctx, args.id, args.input),
  deleteCategory: (_: unknown, args: { id: string }, ctx: Context) => catalog.deleteCategory(ctx, args.id),
};
