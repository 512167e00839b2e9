import { badUserInput, parseInput, requireRole } from '@commerce/service-kit';
import { decodeCursor, decodeItemCursor, encodeCursor, encodeItemCursor, lowStockArgs, movementPageArgs } from '../domain/validation.ts';
import type { Context } from '../context.ts';
import type { QueryLowStockArgs, QueryStockMovementsArgs } from '../generated/resolver-types.ts';

export const Query = {
  warehouses: (_: unknown, __: unknown, ctx: Context) => {
    requireRole(ctx.viewer, 'ADMIN');
    return ctx.warehouses.list();
  },

  async stockMovements(_: unknown, args: QueryStockMovementsArgs, ctx: Context) {
    requireRole(ctx.viewer, 'ADMIN');
    const { variantId, warehouseId, first, after } = parseInput(movementPageArgs, args);
    const afterId = after ? decodeCursor(after) : null;
    if (afterId === undefined) throw badUserInput('The cursor is not valid; use pageInfo.endCursor.');
    const page = await ctx.stock.movements({ variantId, warehouseId, first, after: afterId });
    const edges = page.nodes.map((node) => ({ cursor: encodeCursor(node.id), node }));
    return {
      edges,
      totalCount: page.totalCount,
      pageInfo: { hasNextPage: page.hasNextPage, endCursor: edges.at(-1)?.cursor ?? null },
    };
  },
  async lowStock(_: unknown, args: QueryLowStockArgs, ctx: Context) {
    requireRole(ctx.viewer, 'ADMIN');
    const { first, after } = parseInput(lowStockArgs, args);
    const afterKey = after ? decodeItemCursor(after) : null;
    if (afterKey === undefined) throw badUserInput('The cursor is not valid; use pageInfo.endCursor.');
    const page = await ctx.stock.lowStock({ first, after: afterKey });
    const edges = page.nodes.map((node) => ({ cursor: encodeItemCursor(node), node }));
    return {
      edges,
      totalCount: page.totalCount,
      pageInfo: { hasNextPage: page.hasNextPage, endCursor: edges.at(-1)?.cursor ?? null },
    };
  },
};
