import { In, type DataSource, type EntityManager } from 'typeorm';
import { TOPICS } from '@commerce/events';
import { enqueueEvents } from '@commerce/outbox';
import { newId } from '@commerce/service-kit';
import { MAX_ADDRESSES, type Address } from '../domain/customer.ts';
import type { AddressInput, UpdateAddressInput } from '../domain/validation.ts';
import { addressRemoved, addressSaved } from '../events/address-events.ts';
import { AddressEntity, CustomerEntity } from './entities.ts';

export type AddressUse = 'SHIPPING' | 'BILLING';

/** Raised when a customer already has as many addresses as allowed. */
export class AddressLimitError extends Error {}

const DEFAULT_COLUMN = { SHIPPING: 'isDefaultShipping', BILLING: 'isDefaultBilling' } as const;

export function createAddressStore(dataSource: DataSource) {
  const addresses = dataSource.getRepository(AddressEntity);

  // Every address change of one customer runs under that customer's row lock, so the
  // address count and the single defaults hold under concurrent requests, and the
  // customer's address events enter the outbox in the order the changes were made.
  const forCustomer = <T>(customerId: string, work: (manager: EntityManager) => Promise<T>) =>
    dataSource.transaction(async (manager) => {
      await manager.getRepository(CustomerEntity).findOne({ where: { id: customerId }, lock: { mode: 'pessimistic_write' } });
      return work(manager);
    });

  async function clearDefault(manager: EntityManager, customerId: string, use: AddressUse) {
    await manager.getRepository(AddressEntity).update({ customerId, [DEFAULT_COLUMN[use]]: true }, { [DEFAULT_COLUMN[use]]: false });
  }

  return {
    /** Addresses of several customers (oldest first), grouped in the order of `customerIds`. */
    async listFor(customerIds: readonly string[]): Promise<Address[][]> {
      const rows = await addresses.find({ where: { customerId: In([...customerIds]) }, order: { createdAt: 'ASC', id: 'ASC' } });
      return customerIds.map((id) => rows.filter((row) => row.customerId === id));
    },

    /** Adds an address (and its CustomerAddressSaved); the first one becomes the default for both uses. */
    add(customerId: string, input: AddressInput, defaults: { shipping: boolean; billing: boolean }, correlationId?: string): Promise<Address> {
      return forCustomer(customerId, async (manager) => {
        const repo = manager.getRepository(AddressEntity);
        const count = await repo.countBy({ customerId });
        if (count >= MAX_ADDRESSES) throw new AddressLimitError(`at most ${MAX_ADDRESSES} addresses`);
        const shipping = defaults.shipping || count === 0;
        const billing = defaults.billing || count === 0;
        if (shipping) await clearDefault(manager, customerId, 'SHIPPING');
        if (billing) await clearDefault(manager, customerId, 'BILLING');
        const address: Address = {
          id: newId('adr'),
          customerId,
          ...input,
          isDefaultShipping: shipping,
          isDefaultBilling: billing,
          createdAt: new Date(),
          revision: 1,
        };
        await repo.insert(address);
        await enqueueEvents(manager, TOPICS.customers, [addressSaved(address, address.createdAt, correlationId)]);
        return address;
      });
    },

    /**
     * Changes an address the customer owns and emits CustomerAddressSaved with its next
     * revision; undefined when they own no such address. An empty patch changes nothing.
     */
    update(customerId: string, id: string, patch: UpdateAddressInput, correlationId?: string): Promise<Address | undefined> {
      return forCustomer(customerId, async (manager) => {
        const repo = manager.getRepository(AddressEntity);
        const address = await repo.findOneBy({ id, customerId });
        if (!address) return undefined;
        const changes = Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined));
        if (Object.keys(changes).length === 0) return address;
        const updated: Address = { ...address, ...changes, revision: address.revision + 1 };
        await repo.update({ id }, { ...changes, revision: updated.revision });
        await enqueueEvents(manager, TOPICS.customers, [addressSaved(updated, new Date(), correlationId)]);
        return updated;
      });
    },

    /** Removes an address the customer owns (and emits CustomerAddressRemoved); false when they own no such address. */
    remove(customerId: string, id: string, correlationId?: string): Promise<boolean> {
      return forCustomer(customerId, async (manager) => {
        const result = await manager.getRepository(AddressEntity).delete({ id, customerId });
        if ((result.affected ?? 0) === 0) return false;
        await enqueueEvents(manager, TOPICS.customers, [addressRemoved({ id, customerId }, new Date(), correlationId)]);
        return true;
      });
    },

    /** Makes an address the default for a use; false when the customer owns no such address. No event: the defaults are not part of CustomerAddressSaved. */
    setDefault(customerId: string, id: string, use: AddressUse): Promise<boolean> {
      return forCustomer(customerId, async (manager) => {
        const repo = manager.getRepository(AddressEntity);
        if (!(await repo.existsBy({ id, customerId }))) return false;
        await clearDefault(manager, customerId, use);
        await repo.update({ id }, { [DEFAULT_COLUMN[use]]: true });
        return true;
      });
    },
  };
}
export type AddressStore = ReturnType<typeof createAddressStore>;
