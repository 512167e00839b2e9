import type { DataSource } from 'typeorm';
import { outboxMigrations } from '@commerce/outbox';
import { createCancellationStore } from './cancellation-store.ts';
import { CreateShipping1795500000000 } from './migrations/1795500000000-create-shipping.ts';
import { createShipmentStore } from './shipment-store.ts';

export { entities } from './entities.ts';
export const migrations = [...outboxMigrations, CreateShipping1795500000000];

/** Every store of the shipping database over one DataSource. */
export function createStores(dataSource: DataSource) {
  return { shipments: createShipmentStore(dataSource), cancellations: createCancellationStore(dataSource) };
}
export type Stores = ReturnType<typeof createStores>;
