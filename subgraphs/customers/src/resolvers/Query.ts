import { badUserInput, parseInput, requireRole } from '@commerce/service-kit';
import { pageArgs } from '../domain/validation.ts';
import type { Context } from '../context.ts';
import type { QueryCustomerArgs, QueryCustomersArgs } from '../generated/resolver-types.ts';

export const encodeCursor = (id: string) => Buffer.from(id).toString('base64url');
export function decodeCursor(cursor: string): string {
  const id = Buffer.from(cursor, 'base64url').toString();
  if (!/^cus_[0-9A-Z]{26}$/.test(id)) throw badUserInput('The cursor is not valid; use pageInfo.endCursor.');
  return id;
}

export const Query = {
  me: (_: unknown, __: unknown, ctx: Context) => (ctx.viewer ? ctx.loaders.customer.load(ctx.viewer.id) : null),

  customer: (_: unknown, args: QueryCustomerArgs, ctx: Context) => {
    requireRole(ctx.viewer, 'ADMIN');
    return ctx.loaders.customer.load(args.id);
  },

  async customers(_: unknown, args: QueryCustomersArgs, ctx: Context) {
    requireRole(ctx.viewer, 'ADMIN');
    const { first, after, search } = parseInput(pageArgs, args);
    const page = await ctx.customers.list({ first, after: after ? decodeCursor(after) : null, search: search ?? null });
    const edges = page.nodes.map((node) => ({ cursor: encodeCursor(node.id), node }));
    return {
      edges,
      totalCount: page.totalCount,
      pageInfo: { hasNextPage: page.hasNextPage, endCursor: edges.at(-1)?.cursor ?? null },
    };
  },
};
