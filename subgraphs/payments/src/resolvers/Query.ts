import { z } from 'zod';
import { parseInput, requireViewer } from '@commerce/service-kit';
import { paymentId } from '../domain/validation.ts';
import type { Context } from '../context.ts';
import { visiblePayment } from './Payment.ts';

const paymentQueryArgs = z.object({ id: paymentId });

export const Query = {
  async payment(_: unknown, args: unknown, ctx: Context) {
    requireViewer(ctx.viewer);
    const { id } = parseInput(paymentQueryArgs, args);
    return visiblePayment(await ctx.loaders.payment.load(id), ctx);
  },
};
