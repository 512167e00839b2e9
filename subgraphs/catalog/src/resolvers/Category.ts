import type { Category as CategoryModel } from '../domain/category.ts';
import type { Context } from '../context.ts';

export const Category = {
  __resolveReference: (ref: { id: string }, ctx: Context) => ctx.loaders.category.load(ref.id),
  parent: (category: CategoryModel, _: unknown, ctx: Context) => (category.parentId ? ctx.loaders.category.load(category.parentId) : null),
  children: (category: CategoryModel, _: unknown, ctx: Context) => ctx.loaders.children.load(category.id),
  async breadcrumbs(category: CategoryModel, _: unknown, ctx: Context) {
    const ancestors = await ctx.loaders.category.loadMany(category.ancestors);
    return [...ancestors.filter((a): a is CategoryModel => Boolean(a) && !(a instanceof Error)), category];
  },
};
