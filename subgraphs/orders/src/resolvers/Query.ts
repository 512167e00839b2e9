import { badUserInput, notFound, parseInput, requireRole, requireSelfOrAdmin, requireViewer } from '@commerce/service-kit';
import { orderAsOf } from '../domain/order.ts';
import { adminOrdersArgs, decodeCursor, orderId, orderVersionArgs } from '../domain/validation.ts';
import type { Context } from '../context.ts';
import type { QueryOrderArgs, QueryOrdersArgs } from '../generated/resolver-types.ts';
import { toConnection } from './connection.ts';

export const Query = {
  myCart: (_: unknown, __: unknown, ctx: Context) => (ctx.viewer ? ctx.loaders.cart.load(ctx.viewer.id) : null),

  async order(_: unknown, args: QueryOrderArgs, ctx: Context) {
    requireViewer(ctx.viewer);
    const { version } = parseInput(orderVersionArgs, { version: args.version });
    const id = orderId.safeParse(args.id);
    const order = id.success ? await ctx.loaders.order.load(id.data) : undefined;
    if (!order) throw notFound('No order has this id.');
    requireSelfOrAdmin(ctx.viewer, order.customerId);
    if (!version || version >= order.version) return order;
    // The same loader serves statusHistory, so the past state costs no extra statement.
    return orderAsOf(order, await ctx.loaders.statusHistory.load(order.id), version);
  },

  async orders(_: unknown, args: QueryOrdersArgs, ctx: Context) {
    requireRole(ctx.viewer, 'ADMIN');
    const { filter, first, after } = parseInput(adminOrdersArgs, args);
    const afterId = after ? decodeCursor(after) : null;
    if (afterId === undefined) throw badUserInput('The cursor is not valid; use pageInfo.endCursor.');
    return toConnection(await ctx.orders.page({ ...filter, first, after: afterId }));
  },
};
