import { LessThan, type DataSource, type EntityManager, type FindOptionsWhere } from 'typeorm';
import { StockAdjusted, newEvent } from '@commerce/events';
import { runWrites } from '@commerce/service-kit';
import { InventoryError } from '../domain/errors.ts';
import { movementBetween, type MovementKind, type StockMovement } from '../domain/movement.ts';
import { adjustOnHand, withOnHand, type StockLevel, type StockQuantities } from '../domain/stock.ts';
import type { AdjustStockInput, ItemKey, SetLowStockThresholdInput, SetStockInput } from '../domain/validation.ts';
import { StockMovementEntity, WarehouseEntity } from './entities.ts';
import {
  LEVEL_SELECT,
  ensureItems,
  inventoryEvents,
  itemsUpdate,
  lockItems,
  lowStockEvent,
  movementsInsert,
  toLevel,
  type ItemUpdate,
  type LevelRow,
  type LockedItem,
} from './stock-sql.ts';
import { causeOf } from './transaction.ts';

export interface LevelPage {
  nodes: StockLevel[];
  hasNextPage: boolean;
  totalCount: number;
}

// Low: available at or below the threshold, in an active warehouse, of a variant still sold
// (or not announced yet), and stocked: every variant has a zero item in every warehouse, and
// one that never held a unit is not running low. The first two conditions are the partial
// index stock_items_low_idx's, word for word, so that the planner uses it.
const LOW_STOCK_WHERE = `
   where s.stocked and s.on_hand - s.reserved <= s.low_stock_threshold
     and w.active and coalesce(v.active, true)`;
const LOW_STOCK_FROM = `from stock_items s join warehouses w on w.id = s.warehouse_id left join variants v on v.variant_id = s.variant_id`;

export interface MovementPage {
  nodes: StockMovement[];
  hasNextPage: boolean;
  totalCount: number;
}

type ItemRef = ItemKey;

export function createStockStore(dataSource: DataSource) {
  const movements = dataSource.getRepository(StockMovementEntity);

  /**
   * Runs an admin change on one stock item under its row lock. The item is created first
   * if it does not exist yet: stock may be counted in before the catalog's event about the
   * variant arrives. A refusal rolls everything back, the created item included.
   */
  function withItem(
    ref: ItemRef,
    change: (manager: EntityManager, item: LockedItem) => Promise<ItemUpdate>,
  ): Promise<StockLevel> {
    return dataSource.transaction(async (manager) => {
      const warehouse = await manager.getRepository(WarehouseEntity).findOneBy({ id: ref.warehouseId });
      if (!warehouse) throw new InventoryError('NOT_FOUND', `No warehouse has the id ${ref.warehouseId}.`);
      await ensureItems(manager, [ref]);
      const [item] = await lockItems(manager, [ref]);
      if (!item) throw new Error(`stock item ${ref.variantId}/${ref.warehouseId} vanished inside its transaction`);
      const after = await change(manager, item);
      return { ...after, warehouse };
    });
  }

  /** Writes a changed on-hand quantity with its movement, StockAdjusted and, if crossed, LowStock. */
  async function recordOnHand(
    manager: EntityManager,
    item: LockedItem,
    quantities: StockQuantities,
    details: { kind: MovementKind; reason: string; correlationId?: string },
  ): Promise<ItemUpdate> {
    const after: ItemUpdate = { ...item, ...quantities };
    const cause = causeOf(undefined, details.correlationId);
    const events = inventoryEvents([
      newEvent(StockAdjusted, {
        aggregateId: item.variantId,
        ...cause,
        data: {
          variantId: item.variantId,
          warehouseId: item.warehouseId,
          delta: after.onHand - item.onHand,
          onHand: after.onHand,
          reserved: after.reserved,
          reason: details.reason,
          adjustedAt: new Date().toISOString(),
        },
      }),
      lowStockEvent(item, after, cause),
    ]);
    await runWrites(manager, [itemsUpdate([after]), movementsInsert([movementBetween(item, item, after, details)]), events]);
    return after;
  }

  return {
    /** Stock levels of several variants (with their warehouses), grouped in the order of `variantIds`. */
    async levelsOf(variantIds: readonly string[]): Promise<StockLevel[][]> {
      const rows = await dataSource.query<LevelRow[]>(`${LEVEL_SELECT} where s.variant_id = any($1::text[]) order by w.code`, [
        [...variantIds],
      ]);
      const byVariant = new Map<string, StockLevel[]>();
      for (const row of rows) {
        const levels = byVariant.get(row.variant_id) ?? [];
        levels.push(toLevel(row));
        byVariant.set(row.variant_id, levels);
      }
      return variantIds.map((id) => byVariant.get(id) ?? []);
    },

    /** Adds `delta` (positive or negative) to on-hand stock. */
    adjust(input: AdjustStockInput, correlationId?: string): Promise<StockLevel> {
      return withItem(input, async (manager, item) => {
        const change = adjustOnHand(item, input.delta);
        if (!change.ok) throw new InventoryError('CONFLICT', change.message);
        return recordOnHand(manager, item, change.after, { kind: 'ADJUSTMENT', reason: input.reason, correlationId });
      });
    },

    /** Sets on-hand stock to a counted quantity. */
    set(input: SetStockInput, correlationId?: string): Promise<StockLevel> {
      return withItem(input, async (manager, item) => {
        const change = withOnHand(item, input.onHand);
        if (!change.ok) throw new InventoryError('CONFLICT', change.message);
        return recordOnHand(manager, item, change.after, { kind: 'SET', reason: input.reason, correlationId });
      });
    },

    /**
     * Changes the low-stock threshold. No movement: quantities do not change. LowStock is
     * emitted when the new threshold makes the item low, as a sale crossing it would.
     */
    setThreshold(input: SetLowStockThresholdInput, correlationId?: string): Promise<StockLevel> {
      return withItem(input, async (manager, item) => {
        const after: ItemUpdate = { ...item, lowStockThreshold: input.threshold };
        await runWrites(manager, [itemsUpdate([after]), inventoryEvents([lowStockEvent(item, after, causeOf(undefined, correlationId))])]);
        return after;
      });
    },

    /** A page of the low stock items (LOW_STOCK_WHERE), newest variants first (ids sort by time), after the item `after`. */
    async lowStock(args: { first: number; after: ItemKey | null }): Promise<LevelPage> {
      const [rows, counted] = await Promise.all([
        dataSource.query<LevelRow[]>(
          `${LEVEL_SELECT} left join variants v on v.variant_id = s.variant_id ${LOW_STOCK_WHERE}
             and ($1::text is null or (s.variant_id, s.warehouse_id) < ($1, $2))
           order by s.variant_id desc, s.warehouse_id desc limit $3`,
          [args.after?.variantId ?? null, args.after?.warehouseId ?? null, args.first + 1],
        ),
        dataSource.query<{ count: number }[]>(`select count(*)::int as count ${LOW_STOCK_FROM} ${LOW_STOCK_WHERE}`),
      ]);
      return { nodes: rows.slice(0, args.first).map(toLevel), hasNextPage: rows.length > args.first, totalCount: counted[0]?.count ?? 0 };
    },

    /** A page of movements, newest first, optionally of one variant and/or warehouse. */
    async movements(args: {
      variantId?: string | null;
      warehouseId?: string | null;
      first: number;
      after?: string | null;
    }): Promise<MovementPage> {
      const filter: FindOptionsWhere<StockMovement> = {
        ...(args.variantId ? { variantId: args.variantId } : {}),
        ...(args.warehouseId ? { warehouseId: args.warehouseId } : {}),
      };
      const [totalCount, rows] = await Promise.all([
        movements.countBy(filter),
        movements.find({
          where: { ...filter, ...(args.after ? { id: LessThan(args.after) } : {}) },
          order: { id: 'DESC' },
          take: args.first + 1,
        }),
      ]);
      return { nodes: rows.slice(0, args.first), hasNextPage: rows.length > args.first, totalCount };
    },
  };
}
export type StockStore = ReturnType<typeof createStockStore>;
