import { moneyView, requireSelfOrAdmin, requireViewer } from '@commerce/service-kit';
import type { Payment as PaymentModel } from '../domain/payment.ts';
import type { PaymentTransaction as TransactionModel, Refund as RefundModel } from '../domain/transaction.ts';
import type { Context } from '../context.ts';

// Ownership is checked where a payment is reached (reference, Order.payment, Query.payment);
// its fields are then the owner's or an admin's to read.

/** The payment if the viewer may see it: its customer or an admin; FORBIDDEN otherwise, UNAUTHENTICATED when anonymous. */
export function visiblePayment(payment: PaymentModel | undefined, ctx: Context): PaymentModel | null {
  if (!payment) return null;
  requireSelfOrAdmin(ctx.viewer, payment.customerId);
  return payment;
}

const money = (amount: number, currency: string) => moneyView({ amount, currency });

export const Payment = {
  __resolveReference: async (ref: { id: string }, ctx: Context) => visiblePayment(await ctx.loaders.payment.load(ref.id), ctx),
  order: (payment: PaymentModel) => ({ id: payment.orderId }),
  amount: (payment: PaymentModel) => money(payment.amount, payment.currency),
  capturedAmount: (payment: PaymentModel) => money(payment.capturedAmount, payment.currency),
  refundedAmount: (payment: PaymentModel) => money(payment.refundedAmount, payment.currency),
  transactions: (payment: PaymentModel, _: unknown, ctx: Context) => ctx.loaders.transactions.load(payment.id),
  refunds: (payment: PaymentModel, _: unknown, ctx: Context) => ctx.loaders.refunds.load(payment.id),
  createdAt: (payment: PaymentModel) => payment.createdAt.toISOString(),
  updatedAt: (payment: PaymentModel) => payment.updatedAt.toISOString(),
};

export const PaymentTransaction = {
  amount: (transaction: TransactionModel) => money(transaction.amount, transaction.currency),
  createdAt: (transaction: TransactionModel) => transaction.createdAt.toISOString(),
};

export const Refund = {
  amount: (refund: RefundModel) => money(refund.amount, refund.currency),
  createdAt: (refund: RefundModel) => refund.createdAt.toISOString(),
};

// Owned by orders: any order id resolves here, and an order payments never heard of has no payment.
export const Order = {
  __resolveReference: (ref: { id: string }) => ({ id: ref.id }),
  payment: async (order: { id: string }, _: unknown, ctx: Context) => {
    // Anonymous callers learn nothing, not even whether the order has a payment yet.
    requireViewer(ctx.viewer);
    return visiblePayment(await ctx.loaders.paymentOfOrder.load(order.id), ctx);
  },
};
