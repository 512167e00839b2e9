import type { Customer as CustomerModel } from '../domain/customer.ts';
import type { Context } from '../context.ts';

export const Customer = {
  __resolveReference: (ref: { id: string }, ctx: Context) => ctx.loaders.customer.load(ref.id),
  createdAt: (customer: CustomerModel) => customer.createdAt.toISOString(),
};
