import { InventoryError } from '../domain/errors.ts';
import type { MovementKind } from '../domain/movement.ts';
import { recountStock, rethreshold, type StockChange, type ItemUpdate, type LockedStock } from '../domain/stock-changes.ts';
import { adjustOnHand, withOnHand, type StockLevel, type StockQuantities, type StockChange as QuantityChange } from '../domain/stock.ts';
import type { AdjustStockInput, SetLowStockThresholdInput, SetStockInput } from '../domain/validation.ts';
import type { StockStore } from '../store/stock-store.ts';
import { causeOf } from '../store/transaction.ts';

export type { MovementPage } from '../store/stock-store.ts';

/** The admin's stock use cases (lock the item, decide in domain/, apply) over the stock store. */
export function createStockService(store: StockStore) {
  /**
   * Runs an admin change on one stock item under its row lock; NOT_FOUND (InventoryError) for
   * an unknown warehouse. A refusal rolls everything back, the created item included.
   */
  function change(ref: { variantId: string; warehouseId: string }, decide: (item: LockedStock) => StockChange & { after: ItemUpdate }): Promise<StockLevel> {
    return store.transaction(async (writes) => {
      const warehouse = await writes.warehouse(ref.warehouseId);
      if (!warehouse) throw new InventoryError('NOT_FOUND', `No warehouse has the id ${ref.warehouseId}.`);
      const decided = decide(await writes.lockItem(ref));
      await writes.apply(decided);
      return { ...decided.after, warehouse };
    });
  }

  /** A new on-hand quantity, or CONFLICT (InventoryError) with the rule it breaks. */
  const recount = (item: LockedStock, quantities: QuantityChange, details: { kind: MovementKind; reason: string; correlationId: string | undefined }) => {
    if (!quantities.ok) throw new InventoryError('CONFLICT', quantities.message);
    const after: StockQuantities = quantities.after;
    return recountStock(item, after, { kind: details.kind, reason: details.reason, cause: causeOf(undefined, details.correlationId), at: new Date() });
  };

  return {
    levelsOf: store.levelsOf,
    movements: store.movements,
    lowStock: store.lowStock,

    /** Adds `delta` (positive or negative) to on-hand stock. */
    adjust(input: AdjustStockInput, correlationId?: string): Promise<StockLevel> {
      return change(input, (item) => recount(item, adjustOnHand(item, input.delta), { kind: 'ADJUSTMENT', reason: input.reason, correlationId }));
    },

    /** Sets on-hand stock to a counted quantity. */
    set(input: SetStockInput, correlationId?: string): Promise<StockLevel> {
      return change(input, (item) => recount(item, withOnHand(item, input.onHand), { kind: 'SET', reason: input.reason, correlationId }));
    },

    /**
     * Changes the low-stock threshold. No movement: quantities do not change. LowStock is
     * emitted when the new threshold makes the item low, as a sale crossing it would.
     */
    setThreshold(input: SetLowStockThresholdInput, correlationId?: string): Promise<StockLevel> {
      return change(input, (item) => rethreshold(item, input.threshold, causeOf(undefined, correlationId)));
    },
  };
}
export type StockService = ReturnType<typeof createStockService>;
