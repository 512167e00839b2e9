import type { DataSource } from 'typeorm';
import { outboxMigrations } from '@commerce/outbox';
import { CreateInventory1795400000000 } from './migrations/1795400000000-create-inventory.ts';
import { AddStockedItems1795400000001 } from './migrations/1795400000001-add-stocked-items.ts';
import { StockItemVersion1795500000000 } from './migrations/1795500000000-stock-item-version.ts';
import { createReservationStore } from './reservation-store.ts';
import { createStockStore } from './stock-store.ts';
import { createVariantStore } from './variant-store.ts';
import { createWarehouseStore } from './warehouse-store.ts';

export { entities } from './entities.ts';
export const migrations = [...outboxMigrations, CreateInventory1795400000000, AddStockedItems1795400000001, StockItemVersion1795500000000];

/** Every store of the inventory database over one DataSource. */
export function createStores(dataSource: DataSource) {
  return {
    warehouses: createWarehouseStore(dataSource),
    stock: createStockStore(dataSource),
    reservations: createReservationStore(dataSource),
    variants: createVariantStore(dataSource),
  };
}
export type Stores = ReturnType<typeof createStores>;
