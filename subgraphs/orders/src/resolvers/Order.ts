import { moneyView, requireSelfOrAdmin } from '@commerce/service-kit';
import { historyUpTo, type Order as OrderModel, type OrderLine as OrderLineModel, type StatusChange } from '../domain/order.ts';
import { lineTotal } from '../domain/pricing.ts';
import { ORDER_ID } from '../domain/validation.ts';
import type { Context } from '../context.ts';

/**
 * Wraps the resolver of an Order field: only the customer who placed the order and admins
 * pass. The guard sits on the fields rather than in __resolveReference so that every path to
 * an order (Query.order, Customer.orders, an entity reference from payments or shipping)
 * enforces it the same way; `id` is the one field anyone may read (they sent it).
 */
const owned =
  <T>(read: (order: OrderModel, ctx: Context) => T) =>
  (order: OrderModel, _: unknown, ctx: Context): T => {
    requireSelfOrAdmin(ctx.viewer, order.customerId);
    return read(order, ctx);
  };

const money = (order: OrderModel, amount: number) => moneyView({ amount, currency: order.currency });

export const Order = {
  /** Batched; null for an id this subgraph does not hold. */
  __resolveReference: (ref: { id: string }, ctx: Context) => (ORDER_ID.test(ref.id) ? ctx.loaders.order.load(ref.id) : null),
  number: owned((order) => order.number),
  customer: owned((order) => ({ id: order.customerId })),
  status: owned((order) => order.status),
  lines: owned(async (order, ctx) =>
    (await ctx.loaders.orderLines.load(order.id)).map((line) => ({ ...line, currency: order.currency })),
  ),
  subtotal: owned((order) => money(order, order.subtotal)),
  shippingTotal: owned((order) => money(order, order.shippingTotal)),
  total: owned((order) => money(order, order.total)),
  shippingAddress: owned((order) => order.shippingAddress),
  shippingService: owned((order) => order.shippingService),
  // Up to the order's version: an order as it stood earlier (Query.order's version), and a
  // current one read just before a change committed, show the history that matches them.
  statusHistory: owned(async (order, ctx) => historyUpTo(order, await ctx.loaders.statusHistory.load(order.id))),
  placedAt: owned((order) => order.placedAt.toISOString()),
  updatedAt: owned((order) => order.updatedAt.toISOString()),
  paymentMethodId: owned((order) => order.paymentMethodId),
  version: owned((order) => order.version),
};

type PricedLine = OrderLineModel & { currency: string };

export const OrderLine = {
  variant: (line: PricedLine) => ({ id: line.variantId }),
  unitPrice: (line: PricedLine) => moneyView({ amount: line.unitPrice, currency: line.currency }),
  lineTotal: (line: PricedLine) => moneyView({ amount: lineTotal(line), currency: line.currency }),
};

export const OrderStatusChange = {
  at: (change: StatusChange) => change.at.toISOString(),
};
