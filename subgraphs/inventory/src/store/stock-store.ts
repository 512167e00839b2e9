import { LessThan, type DataSource, type EntityManager, type FindOptionsWhere } from 'typeorm';
import { runWrites } from '@commerce/service-kit';
import type { StockMovement } from '../domain/movement.ts';
import type { StockChange } from '../domain/stock-changes.ts';
import type { StockLevel } from '../domain/stock.ts';
import type { Warehouse } from '../domain/warehouse.ts';
import type { ItemKey } from '../domain/validation.ts';
import { StockMovementEntity, WarehouseEntity } from './entities.ts';
import { LEVEL_SELECT, ensureItems, inventoryEvents, itemsUpdate, lockItems, movementsInsert, toLevel, type LevelRow, type LockedItem } from './stock-sql.ts';

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

/** The reads and writes of one admin change of stock, inside its transaction. */
function stockWrites(manager: EntityManager) {
  return {
    warehouse: (id: string): Promise<Warehouse | null> => manager.getRepository(WarehouseEntity).findOneBy({ id }),

    /**
     * Locks one stock item, created first with zero quantities if it does not exist yet:
     * stock may be counted in before the catalog's event about the variant arrives.
     */
    async lockItem(ref: ItemRef): Promise<LockedItem> {
      await ensureItems(manager, [ref]);
      const [item] = await lockItems(manager, [ref]);
      if (!item) throw new Error(`stock item ${ref.variantId}/${ref.warehouseId} vanished inside its transaction`);
      return item;
    },

    /** Writes a change in one round trip: quantities, movements, events. */
    apply: (change: StockChange): Promise<void> =>
      runWrites(manager, [itemsUpdate(change.updates), movementsInsert(change.movements), inventoryEvents(change.events)]),
  };
}
export type StockWrites = ReturnType<typeof stockWrites>;

export function createStockStore(dataSource: DataSource) {
  const movements = dataSource.getRepository(StockMovementEntity);

  return {
    /** One transaction; a refusal thrown inside rolls everything back, a created item included. */
    transaction: <T>(work: (writes: StockWrites) => Promise<T>): Promise<T> => dataSource.transaction((manager) => work(stockWrites(manager))),

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
