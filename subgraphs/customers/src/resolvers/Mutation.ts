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
import { AddressLimitError } from '../store/address-store.ts';
import type { Context } from '../context.ts';
import type {
  MutationAddAddressArgs,
  MutationChangePasswordArgs,
  MutationGrantRoleArgs,
  MutationLoginArgs,
  MutationLogoutArgs,
  MutationRefreshTokenArgs,
  MutationRegisterArgs,
  MutationRemoveAddressArgs,
  MutationRevokeRoleArgs,
  MutationSetDefaultAddressArgs,
  MutationUpdateAddressArgs,
  MutationUpdateProfileArgs,
} from '../generated/resolver-types.ts';

const addressNotFound = () => notFound('You have no address with this id.');

async function changeRoles(ctx: Context, customerId: string, change: (roles: Role[]) => Role[]) {
  requireRole(ctx.viewer, 'ADMIN');
  const updated = await ctx.customers.update(customerId, (c) => ({ roles: change(c.roles) }), ctx.correlationId);
  if (!updated) throw notFound('No customer has this id.');
  return updated;
}

export const Mutation = {
  register: (_: unknown, args: MutationRegisterArgs, ctx: Context) => auth.register(ctx, args.input),
  login: (_: unknown, args: MutationLoginArgs, ctx: Context) => auth.login(ctx, args.input),
  refreshToken: (_: unknown, args: MutationRefreshTokenArgs, ctx: Context) => auth.refresh(ctx, args.refreshToken),
  logout: (_: unknown, args: MutationLogoutArgs, ctx: Context) => auth.logout(ctx, args.refreshToken),
  changePassword: (_: unknown, args: MutationChangePasswordArgs, ctx: Context) => auth.changePassword(ctx, args),

  async updateProfile(_: unknown, args: MutationUpdateProfileArgs, ctx: Context) {
    const viewer = requireViewer(ctx.viewer);
    const patch = parseInput(updateProfileInput, args.input);
    const updated = await ctx.customers.updateProfile(viewer.id, patch, ctx.correlationId);
    if (!updated) throw notFound('The account no longer exists.');
    return updated;
  },

  async addAddress(_: unknown, args: MutationAddAddressArgs, ctx: Context) {
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

  async updateAddress(_: unknown, args: MutationUpdateAddressArgs, ctx: Context) {
    const viewer = requireViewer(ctx.viewer);
    const patch = parseInput(updateAddressInput, args.input);
    return (await ctx.addresses.update(viewer.id, args.id, patch, ctx.correlationId)) ?? Promise.reject(addressNotFound());
  },

  async removeAddress(_: unknown, args: MutationRemoveAddressArgs, ctx: Context) {
    const viewer = requireViewer(ctx.viewer);
    if (!(await ctx.addresses.remove(viewer.id, args.id, ctx.correlationId))) throw addressNotFound();
    return true;
  },

  async setDefaultAddress(_: unknown, args: MutationSetDefaultAddressArgs, ctx: Context) {
    const viewer = requireViewer(ctx.viewer);
    if (!(await ctx.addresses.setDefault(viewer.id, args.id, args.use))) throw addressNotFound();
    return ctx.loaders.customer.load(viewer.id);
  },

  grantRole: (_: unknown, args: MutationGrantRoleArgs, ctx: Context) =>
    changeRoles(ctx, args.customerId, (roles) => grantRole(roles, args.role)),

  revokeRole(_: unknown, args: MutationRevokeRoleArgs, ctx: Context) {
    if (args.role === 'ADMIN' && ctx.viewer?.id === args.customerId) {
      throw userError('CONFLICT', 'You cannot revoke your own ADMIN role; ask another admin.');
    }
    return changeRoles(ctx, args.customerId, (roles) => revokeRole(roles, args.role));
  },
};
