import { requireRole } from '@commerce/service-kit';
import type { StockMovement as StockMovementModel } from '../domain/movement.ts';
import { availableOf, type StockLevel as StockLevelModel, type StockSummary } from '../domain/stock.ts';
import type { Warehouse as WarehouseModel } from '../domain/warehouse.ts';
import type { Context } from '../context.ts';

export interface VariantStockModel extends StockSummary {
  levels: StockLevelModel[];
}

/** Wraps a resolver of an admin-only field. */
const adminOnly =
  <Parent, T>(read: (parent: Parent) => T) =>
  (parent: Parent, _: unknown, ctx: Context): T => {
    requireRole(ctx.viewer, 'ADMIN');
    return read(parent);
  };

export const Warehouse = {
  // Admin only, like Query.warehouses: a direct _entities call gets no further than the root field
  // would. Async so the refusal fails this entity only, not the whole _entities list.
  __resolveReference: async (ref: { id: string }, ctx: Context) => {
    requireRole(ctx.viewer, 'ADMIN');
    return ctx.loaders.warehouse.load(ref.id);
  },
  createdAt: (warehouse: WarehouseModel) => warehouse.createdAt.toISOString(),
};

export const VariantStock = {
  onHand: adminOnly((stock: VariantStockModel) => stock.onHand),
  reserved: adminOnly((stock: VariantStockModel) => stock.reserved),
  levels: adminOnly((stock: VariantStockModel) => stock.levels),
};

export const StockLevel = {
  available: (level: StockLevelModel) => availableOf(level),
  variant: (level: StockLevelModel) => ({ __typename: 'ProductVariant', id: level.variantId }),
};

export const StockMovement = {
  warehouse: (movement: StockMovementModel, _: unknown, ctx: Context) => ctx.loaders.warehouse.load(movement.warehouseId),
  createdAt: (movement: StockMovementModel) => movement.createdAt.toISOString(),
};
