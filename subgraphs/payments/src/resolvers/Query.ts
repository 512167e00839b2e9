import { z } from 'zod';
import { parseInput, requireViewer } from '@commerce/service-kit';
import { paymentId } from '../domain/validation.ts';
import type { Context } from '../context.ts';
import type { QueryPaymentArgs } from '../generated/resolver-types.ts';
import { visiblePayment } from './Payment.ts';

const paymentQueryArgs = z.object({ id: paymentId });

export const Query = {
  async payment(_: unknown, args: QueryPaymentArgs, ctx: Context) {
    requireViewer(ctx.viewer);
    const { id } = parseInput(paymentQueryArgs, args);
    return visiblePayment(await ctx.loaders.payment.load(id), ctx);
  },
};
