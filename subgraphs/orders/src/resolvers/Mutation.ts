import { notFound, parseInput, refusalsAsErrors, requireSelfOrAdmin, requireViewer, type Viewer } from '@commerce/service-kit';
import {
  addToCartInput,
  cancelOrderInput,
  placeOrderInput,
  removeFromCartInput,
  updateCartLineInput,
} from '../domain/validation.ts';
import type { Context } from '../context.ts';
import type {
  MutationAddToCartArgs,
  MutationCancelOrderArgs,
  MutationPlaceOrderArgs,
  MutationRemoveFromCartArgs,
  MutationUpdateCartLineArgs,
} from '../generated/resolver-types.ts';

const defaultCancelReason = (viewer: Viewer, customerId: string) =>
  viewer.id === customerId ? 'Cancelled by the customer' : 'Cancelled by an admin';

// Every mutation checks who is asking and validates before touching the database, so a
// refused or malformed request writes nothing. The cart is always the viewer's own.
export const Mutation = {
  addToCart(_: unknown, args: MutationAddToCartArgs, ctx: Context) {
    const viewer = requireViewer(ctx.viewer);
    const input = parseInput(addToCartInput, args);
    return refusalsAsErrors(() => ctx.carts.add(viewer.id, input));
  },

  updateCartLine(_: unknown, args: MutationUpdateCartLineArgs, ctx: Context) {
    const viewer = requireViewer(ctx.viewer);
    const input = parseInput(updateCartLineInput, args);
    return refusalsAsErrors(() => ctx.carts.update(viewer.id, input));
  },

  removeFromCart(_: unknown, args: MutationRemoveFromCartArgs, ctx: Context) {
    const viewer = requireViewer(ctx.viewer);
    const { variantId } = parseInput(removeFromCartInput, args);
    return ctx.carts.remove(viewer.id, variantId);
  },

  clearCart(_: unknown, __: unknown, ctx: Context) {
    const viewer = requireViewer(ctx.viewer);
    return ctx.carts.clear(viewer.id);
  },

  async placeOrder(_: unknown, args: MutationPlaceOrderArgs, ctx: Context) {
    const viewer = requireViewer(ctx.viewer);
    const input = parseInput(placeOrderInput, args.input);
    const outcome = await refusalsAsErrors(() => ctx.orders.place(viewer.id, input, ctx.correlationId));
    if (outcome.kind === 'placed') ctx.logger.info({ orderId: outcome.order.id, number: outcome.order.number }, 'order placed');
    return outcome.order;
  },

  async cancelOrder(_: unknown, args: MutationCancelOrderArgs, ctx: Context) {
    const viewer = requireViewer(ctx.viewer);
    const { id, reason } = parseInput(cancelOrderInput, args);
    const order = await ctx.loaders.order.load(id);
    if (!order) throw notFound('No order has this id.');
    requireSelfOrAdmin(viewer, order.customerId);
    return refusalsAsErrors(() => ctx.orders.cancel(id, reason ?? defaultCancelReason(viewer, order.customerId)));
  },
};
