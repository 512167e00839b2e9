import { notFound, parseInput, refusalsAsErrors, requireRole, requireSelfOrAdmin, requireViewer } from '@commerce/service-kit';
import { addPaymentMethodInput, paymentArgs, paymentMethodArgs, refundPaymentArgs } from '../domain/validation.ts';
import type { PaymentMethod } from '../domain/payment-method.ts';
import { addPaymentMethod } from '../services/payment-methods.ts';
import type { Context } from '../context.ts';
import type {
  MutationAddPaymentMethodArgs,
  MutationCapturePaymentArgs,
  MutationRefundPaymentArgs,
  MutationRemovePaymentMethodArgs,
  MutationSetDefaultPaymentMethodArgs,
} from '../generated/resolver-types.ts';

const methodNotFound = () => notFound('No payment method in use has this id.');

/** The method in use behind `id`, if the viewer may change it: its owner or an admin. */
async function ownedMethod(
  ctx: Context,
  args: MutationRemovePaymentMethodArgs | MutationSetDefaultPaymentMethodArgs,
): Promise<PaymentMethod> {
  const viewer = requireViewer(ctx.viewer);
  const { id } = parseInput(paymentMethodArgs, args);
  const method = await ctx.loaders.paymentMethod.load(id);
  if (!method || method.removedAt !== null) throw methodNotFound();
  requireSelfOrAdmin(viewer, method.customerId);
  return method;
}

// Every mutation checks who is asking first and validates before touching the database or
// the gateway, so a refused or malformed request writes nothing.
export const Mutation = {
  addPaymentMethod(_: unknown, args: MutationAddPaymentMethodArgs, ctx: Context) {
    const viewer = requireViewer(ctx.viewer);
    const input = parseInput(addPaymentMethodInput, args.input);
    return refusalsAsErrors(() => addPaymentMethod(ctx, viewer.id, input));
  },

  async removePaymentMethod(_: unknown, args: MutationRemovePaymentMethodArgs, ctx: Context) {
    const method = await ownedMethod(ctx, args);
    if (!(await ctx.paymentMethods.remove(method.customerId, method.id))) throw methodNotFound();
    return true;
  },

  async setDefaultPaymentMethod(_: unknown, args: MutationSetDefaultPaymentMethodArgs, ctx: Context) {
    const method = await ownedMethod(ctx, args);
    return (await ctx.paymentMethods.setDefault(method.customerId, method.id)) ?? Promise.reject(methodNotFound());
  },

  capturePayment(_: unknown, args: MutationCapturePaymentArgs, ctx: Context) {
    requireRole(ctx.viewer, 'ADMIN');
    const { paymentId } = parseInput(paymentArgs, args);
    return refusalsAsErrors(() => ctx.processor.capture(paymentId, ctx.correlationId));
  },

  refundPayment(_: unknown, args: MutationRefundPaymentArgs, ctx: Context) {
    requireRole(ctx.viewer, 'ADMIN');
    const { paymentId, amount, reason } = parseInput(refundPaymentArgs, args);
    return refusalsAsErrors(() => ctx.processor.refund(paymentId, amount, reason, ctx.correlationId));
  },
};
