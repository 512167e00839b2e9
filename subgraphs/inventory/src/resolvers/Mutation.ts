import { parseInput, refusalsAsErrors, requireRole } from '@commerce/service-kit';
import {
  adjustStockInput,
  createWarehouseInput,
  setLowStockThresholdInput,
  setStockInput,
  setWarehouseActiveInput,
} from '../domain/validation.ts';
import type { Context } from '../context.ts';
import type {
  MutationAdjustStockArgs,
  MutationCreateWarehouseArgs,
  MutationSetLowStockThresholdArgs,
  MutationSetStockArgs,
  MutationSetWarehouseActiveArgs,
} from '../generated/resolver-types.ts';

// Every mutation checks the role first and validates before touching the database, so a
// refused or malformed request writes nothing.
export const Mutation = {
  createWarehouse(_: unknown, args: MutationCreateWarehouseArgs, ctx: Context) {
    requireRole(ctx.viewer, 'ADMIN');
    const input = parseInput(createWarehouseInput, args.input);
    return refusalsAsErrors(() => ctx.warehouses.create(input));
  },

  setWarehouseActive(_: unknown, args: MutationSetWarehouseActiveArgs, ctx: Context) {
    requireRole(ctx.viewer, 'ADMIN');
    const { id, active } = parseInput(setWarehouseActiveInput, args);
    return refusalsAsErrors(() => ctx.warehouses.setActive(id, active, ctx.correlationId));
  },

  adjustStock(_: unknown, args: MutationAdjustStockArgs, ctx: Context) {
    requireRole(ctx.viewer, 'ADMIN');
    const input = parseInput(adjustStockInput, args.input);
    return refusalsAsErrors(() => ctx.stock.adjust(input, ctx.correlationId));
  },

  setStock(_: unknown, args: MutationSetStockArgs, ctx: Context) {
    requireRole(ctx.viewer, 'ADMIN');
    const input = parseInput(setStockInput, args.input);
    return refusalsAsErrors(() => ctx.stock.set(input, ctx.correlationId));
  },

  setLowStockThreshold(_: unknown, args: MutationSetLowStockThresholdArgs, ctx: Context) {
    requireRole(ctx.viewer, 'ADMIN');
    const input = parseInput(setLowStockThresholdInput, args);
    return refusalsAsErrors(() => ctx.stock.setThreshold(input, ctx.correlationId));
  },
};
