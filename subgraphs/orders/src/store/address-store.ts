import type { DataSource, EntityManager } from 'typeorm';
import type { PostalAddress } from '@commerce/events';
import { transact, type AlreadyProcessed, type Trigger } from './transaction.ts';

type Queryable = Pick<EntityManager, 'query'>;

export interface SavedAddressChange {
  customerId: string;
  addressId: string;
  address: PostalAddress;
  /** The customers' count of saves of this address (1 when added). */
  revision: number;
}

/**
 * A customer's saved address as the read model knows it now; undefined when it is unknown,
 * removed, or another customer's (the three look the same to the caller).
 */
export async function savedAddressOf(db: Queryable, customerId: string, addressId: string): Promise<PostalAddress | undefined> {
  const [row] = await db.query<{ address: PostalAddress }[]>(
    'select address from customer_addresses where address_id = $1 and customer_id = $2 and removed_at is null',
    [addressId, customerId],
  );
  return row?.address;
}

export function createAddressStore(dataSource: DataSource) {
  return {
    /**
     * Records an address as saved, unless the read model already holds a newer save of it
     * (a higher revision) or its removal: customers' events of one customer arrive in order,
     * but a replay (from the dead-letter topic, say) may not.
     */
    save(change: SavedAddressChange, trigger?: Trigger): Promise<void | AlreadyProcessed> {
      return transact(dataSource, trigger, async (manager) => {
        await manager.query(
          `insert into customer_addresses (address_id, customer_id, address, revision)
           values ($1, $2, $3::jsonb, $4)
           on conflict (address_id) do update
              set address = excluded.address, revision = excluded.revision, updated_at = now()
            where customer_addresses.removed_at is null
              and customer_addresses.customer_id = excluded.customer_id
              and customer_addresses.revision < excluded.revision`,
          [change.addressId, change.customerId, JSON.stringify(change.address), change.revision],
        );
      });
    },

    /**
     * Forgets a removed address for good. A removal seen before the address's saves leaves a
     * tombstone, so a save that arrives late cannot bring the address back.
     */
    remove(change: { customerId: string; addressId: string; removedAt: Date }, trigger?: Trigger): Promise<void | AlreadyProcessed> {
      return transact(dataSource, trigger, async (manager) => {
        await manager.query(
          `insert into customer_addresses (address_id, customer_id, address, revision, removed_at)
           values ($1, $2, null, 0, $3)
           on conflict (address_id) do update
              set address = null, removed_at = excluded.removed_at, updated_at = now()
            where customer_addresses.removed_at is null
              and customer_addresses.customer_id = excluded.customer_id`,
          [change.addressId, change.customerId, change.removedAt],
        );
      });
    },

    /** The customer's saved address, if the read model has it and it is theirs. */
    find(customerId: string, addressId: string): Promise<PostalAddress | undefined> {
      return savedAddressOf(dataSource, customerId, addressId);
    },
  };
}
export type AddressStore = ReturnType<typeof createAddressStore>;
