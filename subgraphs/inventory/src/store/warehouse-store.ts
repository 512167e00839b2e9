import { In, type DataSource, type EntityManager } from 'typeorm';
import { newId, runWrites } from '@commerce/service-kit';
import { InventoryError } from '../domain/errors.ts';
import type { CreateWarehouseInput } from '../domain/validation.ts';
import type { Warehouse } from '../domain/warehouse.ts';
import { WarehouseEntity } from './entities.ts';
import { announceWarehouse } from '../domain/stock-changes.ts';
import { inventoryEvents, itemsUpdate, lockSellableItems } from './stock-sql.ts';
import { causeOf, isUniqueViolation } from './transaction.ts';

/**
 * Units of a warehouse that is taken out of (or back into) fulfilment stop (or start) being
 * orderable: StockLevelChanged for each item holding units not reserved, with its next version.
 * Items with nothing available are left alone (nothing about them changes for a buyer), so
 * toggling a warehouse that holds zero rows of every known variant publishes nothing for them.
 */
async function announceSellable(manager: EntityManager, warehouseId: string, correlationId?: string): Promise<void> {
  const change = announceWarehouse(await lockSellableItems(manager, warehouseId), causeOf(undefined, correlationId));
  await runWrites(manager, [itemsUpdate(change.updates), inventoryEvents(change.events)]);
}

/** Zero stock items for every active known variant, so admins see the warehouse in every variant's levels. */
async function stockEveryVariant(manager: EntityManager, warehouseId: string): Promise<void> {
  await manager.query(
    `insert into stock_items (variant_id, warehouse_id)
     select variant_id, $1 from variants where active order by variant_id
     on conflict do nothing`,
    [warehouseId],
  );
}

export function createWarehouseStore(dataSource: DataSource) {
  const warehouses = dataSource.getRepository(WarehouseEntity);

  return {
    /** Warehouses by id, in the order of `ids`, undefined where none exists. */
    async findByIds(ids: readonly string[]): Promise<(Warehouse | undefined)[]> {
      const rows = await warehouses.findBy({ id: In([...ids]) });
      const byId = new Map(rows.map((row) => [row.id, row]));
      return ids.map((id) => byId.get(id));
    },

    /** Every warehouse, by code. */
    list(): Promise<Warehouse[]> {
      return warehouses.find({ order: { code: 'ASC' } });
    },

    /** A new active warehouse with zero stock of every known variant; CONFLICT if the code is taken. */
    async create(input: CreateWarehouseInput): Promise<Warehouse> {
      const warehouse: Warehouse = { id: newId('wh'), ...input, active: true, createdAt: new Date() };
      try {
        await dataSource.transaction(async (manager) => {
          await manager.getRepository(WarehouseEntity).insert(warehouse);
          await stockEveryVariant(manager, warehouse.id);
        });
      } catch (err) {
        if (isUniqueViolation(err)) throw new InventoryError('CONFLICT', `A warehouse with the code ${input.code} already exists.`);
        throw err;
      }
      return warehouse;
    },

    /**
     * Takes a warehouse out of (or back into) fulfilment. Its stock stays and existing
     * reservations in it can still be released or shipped; new orders are not allocated there.
     */
    setActive(id: string, active: boolean, correlationId?: string): Promise<Warehouse> {
      return dataSource.transaction(async (manager) => {
        const repo = manager.getRepository(WarehouseEntity);
        const warehouse = await repo.findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
        if (!warehouse) throw new InventoryError('NOT_FOUND', `No warehouse has the id ${id}.`);
        if (warehouse.active === active) return warehouse;
        await repo.update({ id }, { active });
        // Variants announced while it was inactive got no stock items here.
        if (active) await stockEveryVariant(manager, id);
        await announceSellable(manager, id, correlationId);
        return { ...warehouse, active };
      });
    },
  };
}
export type WarehouseStore = ReturnType<typeof createWarehouseStore>;
