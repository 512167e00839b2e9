import { badUserInput, parseInput, requireSelfOrAdmin } from '@commerce/service-kit';
import { customerOrdersArgs, decodeCursor } from '../domain/validation.ts';
import type { Context } from '../context.ts';
import type { CustomerOrdersArgs } from '../generated/resolver-types.ts';
import { toConnection } from './connection.ts';

interface CustomerRef {
  id: string;
}

// The customers subgraph owns Customer; any id resolves here, and a customer orders never
// heard of has an empty cart and no orders.
export const Customer = {
  __resolveReference: (ref: CustomerRef): CustomerRef => ({ id: ref.id }),

  cart(customer: CustomerRef, _: unknown, ctx: Context) {
    requireSelfOrAdmin(ctx.viewer, customer.id);
    return ctx.loaders.cart.load(customer.id);
  },

  async orders(customer: CustomerRef, args: CustomerOrdersArgs, ctx: Context) {
    requireSelfOrAdmin(ctx.viewer, customer.id);
    const { first, after, status } = parseInput(customerOrdersArgs, args);
    const afterId = after ? decodeCursor(after) : null;
    if (afterId === undefined) throw badUserInput('The cursor is not valid; use pageInfo.endCursor.');
    return toConnection(await ctx.loaders.customerOrders.load({ customerId: customer.id, status: status ?? null, first, after: afterId }));
  },
};
