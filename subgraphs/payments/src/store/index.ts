import type { DataSource } from 'typeorm';
import { outboxMigrations } from '@commerce/outbox';
import { CreatePayments1795600000000 } from './migrations/1795600000000-create-payments.ts';
import { CreateSandboxGateway1795600000001 } from './migrations/1795600000001-create-sandbox-gateway.ts';
import { createPaymentMethodStore } from './payment-method-store.ts';
import { createPaymentStore } from './payment-store.ts';

export { entities } from './entities.ts';
export const migrations = [...outboxMigrations, CreatePayments1795600000000, CreateSandboxGateway1795600000001];

/** Every store of the payments database over one DataSource. */
export function createStores(dataSource: DataSource) {
  return {
    paymentMethods: createPaymentMethodStore(dataSource),
    payments: createPaymentStore(dataSource),
  };
}
export type Stores = ReturnType<typeof createStores>;
