import { forbidden, isSelfOrAdmin } from '@commerce/service-kit';
import type { Customer as CustomerModel } from '../domain/customer.ts';
import type { Context } from '../context.ts';

/** Wraps a resolver of a private field: only the customer and admins may read it. */
const privateField =
  <T>(read: (customer: CustomerModel, ctx: Context) => T) =>
  (customer: CustomerModel, _: unknown, ctx: Context): T => {
    if (!isSelfOrAdmin(ctx.viewer, customer.id)) throw forbidden('Only the customer and admins can see this field.');
    return read(customer, ctx);
  };

export const Customer = {
  __resolveReference: (ref: { id: string }, ctx: Context) => ctx.loaders.customer.load(ref.id),
  email: privateField((c) => c.email),
  phone: privateField((c) => c.phone),
  roles: privateField((c) => c.roles),
  addresses: privateField((c, ctx) => ctx.loaders.addresses.load(c.id)),
  defaultShippingAddress: privateField(async (c, ctx) =>
    (await ctx.loaders.addresses.load(c.id)).find((a) => a.isDefaultShipping) ?? null,
  ),
  defaultBillingAddress: privateField(async (c, ctx) =>
    (await ctx.loaders.addresses.load(c.id)).find((a) => a.isDefaultBilling) ?? null,
  ),
  createdAt: (c: CustomerModel) => c.createdAt.toISOString(),
  updatedAt: (c: CustomerModel) => c.updatedAt.toISOString(),
};
