import type { Warehouse } from './warehouse.ts';

/** Quantities of one stock item: a variant in a warehouse. */
export interface StockQuantities {
  onHand: number;
  reserved: number;
}

export interface StockItem extends StockQuantities {
  variantId: string;
  warehouseId: string;
  lowStockThreshold: number;
}

/**
 * Upper bound for on-hand quantities: PostgreSQL integers stop at 2^31 - 1, and a value
 * that large is a typo rather than a stock count, so it is refused before the database would.
 */
export const MAX_ON_HAND = 1_000_000_000;

/** Units that can still be promised to an order; never negative. */
export function availableOf(quantities: StockQuantities): number {
  return Math.max(0, quantities.onHand - quantities.reserved);
}

/** Low means available is at or below the item's threshold. */
export function isLow(item: StockQuantities & { lowStockThreshold: number }): boolean {
  return availableOf(item) <= item.lowStockThreshold;
}

/**
 * True when a change takes an item from above its threshold to at or below it: LowStock
 * is emitted on that edge only, not again for every sale while the item stays low.
 */
export function becameLow(
  before: StockQuantities & { lowStockThreshold: number },
  after: StockQuantities & { lowStockThreshold: number },
): boolean {
  return !isLow(before) && isLow(after);
}

export type StockChange =
  | { ok: true; after: StockQuantities }
  | { ok: false; message: string };

/**
 * The item's quantities with on-hand set to `onHand`, or why that is refused: stock that
 * is promised to orders (reserved) must stay on hand, and nothing goes below zero.
 */
export function withOnHand(item: StockQuantities, onHand: number): StockChange {
  if (onHand < 0) {
    return { ok: false, message: `On-hand stock cannot go below 0 (it is ${item.onHand}).` };
  }
  if (onHand < item.reserved) {
    return {
      ok: false,
      message: `On-hand stock cannot go below the ${item.reserved} unit(s) reserved for orders (it would be ${onHand}); release or ship those orders first.`,
    };
  }
  if (onHand > MAX_ON_HAND) {
    return { ok: false, message: `On-hand stock cannot exceed ${MAX_ON_HAND} (it would be ${onHand}).` };
  }
  return { ok: true, after: { onHand, reserved: item.reserved } };
}

/** The item's quantities after adding `delta` to on-hand (see withOnHand for the rules). */
export function adjustOnHand(item: StockQuantities, delta: number): StockChange {
  return withOnHand(item, item.onHand + delta);
}

/** A stock item together with its warehouse, as admins see it. */
export interface StockLevel extends StockItem {
  warehouse: Warehouse;
  /** The item's version: StockLevelChanged announces each change with the version it made. */
  version: number;
}

export interface StockSummary {
  /** Sellable now: summed over active warehouses only, each never negative. */
  available: number;
  /** Physically present, over all warehouses. */
  onHand: number;
  reserved: number;
}

/** A variant's totals over its stock levels. */
export function summarizeStock(levels: readonly StockLevel[]): StockSummary {
  let available = 0;
  let onHand = 0;
  let reserved = 0;
  for (const level of levels) {
    if (level.warehouse.active) available += availableOf(level);
    onHand += level.onHand;
    reserved += level.reserved;
  }
  return { available, onHand, reserved };
}
