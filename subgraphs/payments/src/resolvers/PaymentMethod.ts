import { requireSelfOrAdmin } from '@commerce/service-kit';
import type { PaymentMethod as PaymentMethodModel } from '../domain/payment-method.ts';
import type { Context } from '../context.ts';

export const PaymentMethod = {
  __resolveReference: async (ref: { id: string }, ctx: Context) => {
    const method = await ctx.loaders.paymentMethod.load(ref.id);
    if (!method) return null;
    requireSelfOrAdmin(ctx.viewer, method.customerId);
    return method;
  },
  createdAt: (method: PaymentMethodModel) => method.createdAt.toISOString(),
};

// Owned by customers: payments contributes the cards on file, for the customer and admins only.
export const Customer = {
  __resolveReference: (ref: { id: string }) => ({ id: ref.id }),
  paymentMethods: (customer: { id: string }, _: unknown, ctx: Context) => {
    requireSelfOrAdmin(ctx.viewer, customer.id);
    return ctx.loaders.paymentMethodsOf.load(customer.id);
  },
};
