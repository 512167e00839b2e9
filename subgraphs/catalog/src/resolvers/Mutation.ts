import { conflict, parseInput, requireRole } from '@commerce/service-kit';
import { createProductInput } from '../domain/product.ts';
import { DuplicateError } from '../store/product-store.ts';
import type { Context } from '../context.ts';

export const Mutation = {
  async createProduct(_: unknown, args: { input: unknown }, ctx: Context) {
    const admin = requireRole(ctx.viewer, 'ADMIN');
    const input = parseInput(createProductInput, args.input);
    try {
      return await ctx.products.create({ ...input, createdById: admin.id });
    } catch (err) {
      if (err instanceof DuplicateError) throw conflict(`A product with the slug "${input.slug}" already exists.`);
      throw err;
    }
  },
};
