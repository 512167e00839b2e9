import type { DataSource } from 'typeorm';
import { outboxMigrations } from '@commerce/outbox';
import { createAddressStore } from './address-store.ts';
import { createCartStore } from './cart-store.ts';
import { CreateOrders1795500000000 } from './migrations/1795500000000-create-orders.ts';
import { AddOrderVersions1795500000001 } from './migrations/1795500000001-add-order-versions.ts';
import { CreateCustomerAddresses1795500000002 } from './migrations/1795500000002-create-customer-addresses.ts';
import { IndexOrdersByPlacement1795500000003 } from './migrations/1795500000003-index-orders-by-placement.ts';
import { createOrderStore } from './order-store.ts';
import { createVariantStore } from './variant-store.ts';

export { entities } from './entities.ts';
export const migrations = [
  ...outboxMigrations,
  CreateOrders1795500000000,
  AddOrderVersions1795500000001,
  CreateCustomerAddresses1795500000002,
  IndexOrdersByPlacement1795500000003,
];

/** Every store of the orders database over one DataSource. */
export function createStores(dataSource: DataSource, options: { currency: string }) {
  return {
    variants: createVariantStore(dataSource),
    addresses: createAddressStore(dataSource),
    carts: createCartStore(dataSource, options),
    orders: createOrderStore(dataSource),
  };
}
export type Stores = ReturnType<typeof createStores>;
