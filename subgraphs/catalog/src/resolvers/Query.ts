import { badUserInput, forbidden, hasRole, parseDecimal, parseInput } from '@commerce/service-kit';
import { CatalogError } from '../domain/errors.ts';
import { decodeCursor, encodeCursor } from '../domain/paging.ts';
import { isVisible, type Product } from '../domain/product.ts';
import { pageArgs } from '../domain/validation.ts';
import type { Context } from '../context.ts';
import type { QueryCategoryArgs, QueryProductArgs, QueryProductsArgs } from '../generated/resolver-types.ts';

/** Customers see active products only; admins see any status they ask for. */
const visible = (ctx: Context, product: Product | undefined) =>
  product && isVisible(product.status, { admin: hasRole(ctx.viewer, 'ADMIN'), throughReference: false }) ? product : null;

function price(ctx: Context, field: string, value: string | null | undefined): number | undefined {
  if (value === null || value === undefined) return undefined;
  const amount = parseDecimal(value, ctx.currency);
  if (amount === undefined) throw badUserInput(`${field} must be a decimal amount in ${ctx.currency}, such as "19.99".`);
  return amount;
}

export const Query = {
  async product(_: unknown, args: QueryProductArgs, ctx: Context) {
    if (Boolean(args.id) === Boolean(args.slug)) throw badUserInput('Give exactly one of id and slug.');
    const product = args.id ? await ctx.loaders.product.load(args.id) : await ctx.products.findBySlug(args.slug!);
    return visible(ctx, product);
  },

  async products(_: unknown, args: QueryProductsArgs, ctx: Context) {
    const { first, after, sort } = parseInput(pageArgs, { first: args.first, after: args.after, sort: args.sort });
    const filter = args.filter ?? {};
    if (filter.status && !hasRole(ctx.viewer, 'ADMIN')) throw forbidden('Only admins can filter by status.');
    let categoryIds: string[] | undefined;
    if (filter.categoryId || filter.categorySlug) {
      const root = filter.categoryId ?? (await ctx.categories.findBySlug(filter.categorySlug!))?.id;
      categoryIds = root ? await ctx.categories.subtreeIds(root) : [];
    }
    let cursor;
    try {
      cursor = after ? decodeCursor(after, sort) : undefined;
    } catch (err) {
      if (err instanceof CatalogError) throw badUserInput(err.message);
      throw err;
    }
    const page = await ctx.products.list(
      {
        statuses: filter.status?.length ? filter.status : ['ACTIVE'],
        categoryIds,
        brand: filter.brand ?? undefined,
        tags: filter.tags?.map((tag) => tag.trim().toLowerCase()) ?? undefined,
        minPrice: price(ctx, 'minPrice', filter.minPrice),
        maxPrice: price(ctx, 'maxPrice', filter.maxPrice),
      },
      sort,
      first,
      cursor,
    );
    const edges = page.nodes.map((node) => ({ cursor: encodeCursor(page.cursorOf(node)), node }));
    return {
      edges,
      totalCount: page.totalCount,
      pageInfo: { hasNextPage: page.hasNextPage, endCursor: edges.at(-1)?.cursor ?? null },
    };
  },

  categories: (_: unknown, __: unknown, ctx: Context) => ctx.categories.roots(),
  category: (_: unknown, args: QueryCategoryArgs, ctx: Context) => ctx.categories.findBySlug(args.slug),
};
