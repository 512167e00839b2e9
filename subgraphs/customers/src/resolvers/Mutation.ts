import {
  conflict,
  notFound,
  parseInput,
  requireRole,
  requireViewer,
  userError,
  type Role,
} from '@commerce/service-kit';
import { grantRole, revokeRole, MAX_ADDRESSES } from '../domain/customer.ts';
import { addressInput, updateAddressInput, updateProfileInput } from '../domain/validation.ts';
import * as auth from '../services/auth-service.ts';
import { AddressLimitError, type AddressUse } from '../store/address-store.ts';
import type { Context } from '../context.ts';

const addressNotFound = () => notFound('You have no address with this id.');

async function changeRoles(ctx: Context, customerId: string, change: (roles: Role[]) => Role[]) {
  requireRole(ctx.viewer, 'ADMIN');
  const updated = await ctx.customers.update(customerId, (c) => ({ roles: change(c.roles) }), ctx.correlationId);
  if (!updated) throw notFound('No customer has this id.');
  return updated;
}

export const Mutation = {
  register: (_: unknown, args: { input: unknown }, ctx: Context) => auth.register(ctx, args.input),
  login: (_: unknown, args: { input: unknown }, ctx: Context) => auth.login(ctx, args.input),
  refreshToken: (_: unknown, args: { refreshToken: string }, ctx: Context) => auth.refresh(ctx, args.refreshToken),
  logout: (_: unknown, args: { refreshToken: string }, ctx: Context) => auth.logout(ctx, args.refreshToken),
  changePassword: (_: unknown, args: unknown, ctx: Context) => auth.changePassword(ctx, args),

  async updateProfile(_: unknown, args: { input: unknown }, ctx: Context) {
    const viewer = requireViewer(ctx.viewer);
    const patch = parseInput(updateProfileInput, args.input);
    const updated = await ctx.customers.updateProfile(viewer.id, patch, ctx.correlationId);
    if (!updated) throw notFound('The account no longer exists.');
    return updated;
  },

  async addAddress(
    _: unknown,
    args: { input: unknown; setDefaultShipping?: boolean | null; setDefaultBilling?: boolean | null },
    ctx: Context,
  ) {
    const viewer = requireViewer(ctx.viewer);
    const input = parseInput(addressInput, args.input);
    try {
      return await ctx.addresses.add(
        viewer.id,
        input,
        { shipping: args.setDefaultShipping ?? false, billing: args.setDefaultBilling ?? false },
        ctx.correlationId,
      );
    } catch (err) {
      if (err instanceof AddressLimitError) throw conflict(`You can keep at most ${MAX_ADDRESSES} addresses.`);
      throw err;
    }
  },

  async updateAddress(_: unknown, args: { id: string; input: unknown }, ctx: Context) {
    const viewer = requireViewer(ctx.viewer);
    const patch = parseInput(updateAddressInput, args.input);
    return (await ctx.addresses.update(viewer.id, args.id, patch, ctx.correlationId)) ?? Promise.reject(addressNotFound());
  },

  async removeAddress(_: unknown, args: { id: string }, ctx: Context) {
    const viewer = requireViewer(ctx.viewer);
    if (!(await ctx.addresses.remove(viewer.id, args.id, ctx.correlationId))) throw addressNotFound();
    return true;
  },

  async setDefaultAddress(_: unknown, args: { id: string; use: AddressUse }, ctx: Context) {
    const viewer = requireViewer(ctx.viewer);
    if (!(await ctx.addresses.setDefault(viewer.id, args.id, args.use))) throw addressNotFound();
    return ctx.loaders.customer.load(viewer.id);
  },

  grantRole: (_: unknown, args: { customerId: string; role: Role }, ctx: Context) =>
    changeRoles(ctx, args.customerId, (roles) => grantRole(roles, args.role)),

  revokeRole(_: unknown, args: { customerId: string; role: Role }, ctx: Context) {
    if (args.role === 'ADMIN' && ctx.viewer?.id === args.customerId) {
      throw userError('CONFLICT', 'You cannot revoke your own ADMIN role; ask another admin.');
    }
    return changeRoles(ctx, args.customerId, (roles) => revokeRole(roles, args.role));
  },
};
