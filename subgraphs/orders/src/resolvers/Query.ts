import { badUserInput, notFound, parseInput, requireRole, requireSelfOrAdmin, requireViewer } from '@commerce/service-kit';
import { adminOrdersArgs, decodeCursor, orderId } from '../domain/validation.ts';
import type { Context } from '../context.ts';
import { toConnection } from './connection.ts';

export const Query = {
  myCart: (_: unknown, __: unknown, ctx: Context) => (ctx.viewer ? ctx.loaders.cart.load(ctx.viewer.id) : null),

  async order(_: unknown, args: { id: string }, ctx: Context) {
    requireViewer(ctx.viewer);
    const id = orderId.safeParse(args.id);
    const order = id.success ? await ctx.loaders.order.load(id.data) : undefined;
    if (!order) throw notFound('No order has this id.');
    requireSelfOrAdmin(ctx.viewer, order.customerId);
    return order;
  },

  async orders(_: unknown, args: unknown, ctx: Context) {
    requireRole(ctx.viewer, 'ADMIN');
    const { filter, first, after } = parseInput(adminOrdersArgs, args);
    const afterId = after ? decodeCursor(after) : null;
    if (afterId === undefined) throw badUserInput('The cursor is not valid; use pageInfo.endCursor.');
    return toConnection(await ctx.orders.page({ ...filter, first, after: afterId }));
  },
};
