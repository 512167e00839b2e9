import { In, type DataSource, type EntityManager } from 'typeorm';
import { newId, type Role } from '@commerce/service-kit';
import { CustomerRegistered, CustomerUpdated, TOPICS, newEvent } from '@commerce/events';
import { enqueueEvents, outboxMigrations } from '@commerce/outbox';
import { changedFields, type Customer } from '../domain/customer.ts';
import type { RegisterInput, UpdateProfileInput } from '../domain/validation.ts';
import { AddressEntity, CustomerEntity, RefreshSessionEntity } from './entities.ts';
import { CreateCustomers1732190000000 } from './migrations/1732190000000-create-customers.ts';
import { AddAddressRevisions1795600000000 } from './migrations/1795600000000-add-address-revisions.ts';
import { AnnounceSavedAddresses1795600000001 } from './migrations/1795600000001-announce-saved-addresses.ts';

export const entities = [CustomerEntity, AddressEntity, RefreshSessionEntity];
export const migrations = [
  ...outboxMigrations,
  CreateCustomers1732190000000,
  AddAddressRevisions1795600000000,
  AnnounceSavedAddresses1795600000001,
];

/** Raised when a unique constraint (e.g. the email) is already taken. */
export class DuplicateError extends Error {}

const PROFILE_FIELDS = ['email', 'firstName', 'lastName', 'phone', 'roles'] as const;

export interface CustomerPage {
  nodes: Customer[];
  hasNextPage: boolean;
  totalCount: number;
}

/** Escapes LIKE wildcards so a search for "50%" finds "50%" literally. */
const likePattern = (search: string) => `%${search.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export function createCustomerStore(dataSource: DataSource) {
  const customers = dataSource.getRepository(CustomerEntity);

  async function emitUpdated(manager: EntityManager, before: Customer, after: Customer, correlationId?: string) {
    const changed = changedFields(
      { ...before, roles: before.roles.join(',') },
      { ...after, roles: after.roles.join(',') },
      PROFILE_FIELDS,
    );
    if (changed.length === 0) return;
    const event = newEvent(CustomerUpdated, {
      aggregateId: after.id,
      correlationId,
      data: {
        customerId: after.id,
        email: after.email,
        firstName: after.firstName,
        lastName: after.lastName,
        phone: after.phone,
        roles: after.roles,
        changedFields: changed,
        updatedAt: after.updatedAt.toISOString(),
      },
    });
    await enqueueEvents(manager, TOPICS.customers, [event]);
  }

  /** Loads a customer row locked for update, for read-modify-write in a transaction. */
  async function lock(manager: EntityManager, id: string): Promise<Customer | undefined> {
    const row = await manager.getRepository(CustomerEntity).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
    return row ?? undefined;
  }

  /** Applies a change to one customer under a row lock and emits CustomerUpdated if anything changed. */
  async function update(
    id: string,
    change: (customer: Customer) => Partial<Customer>,
    correlationId?: string,
  ): Promise<Customer | undefined> {
    return dataSource.transaction(async (manager) => {
      const before = await lock(manager, id);
      if (!before) return undefined;
      const patch = change(before);
      const after: Customer = { ...before, ...patch, updatedAt: new Date() };
      await manager.getRepository(CustomerEntity).update({ id }, { ...patch, updatedAt: after.updatedAt });
      await emitUpdated(manager, before, after, correlationId);
      return after;
    });
  }

  return {
    update,

    /** Customers by id, in the order of `ids`, `undefined` where none exists. */
    async findByIds(ids: readonly string[]): Promise<(Customer | undefined)[]> {
      const rows = await customers.findBy({ id: In([...ids]) });
      const byId = new Map(rows.map((row) => [row.id, row]));
      return ids.map((id) => byId.get(id));
    },

    async findByEmail(email: string): Promise<Customer | undefined> {
      return (await customers.findOneBy({ email })) ?? undefined;
    },

    /** Stores a new customer and its CustomerRegistered event in one transaction. */
    async register(
      input: Omit<RegisterInput, 'password'> & { passwordHash: string; roles: Role[] },
      correlationId?: string,
    ): Promise<Customer> {
      const now = new Date();
      const customer: Customer = {
        id: newId('cus'),
        email: input.email,
        firstName: input.firstName,
        lastName: input.lastName,
        phone: input.phone,
        roles: input.roles,
        passwordHash: input.passwordHash,
        createdAt: now,
        updatedAt: now,
      };
      try {
        await dataSource.transaction(async (manager) => {
          await manager.getRepository(CustomerEntity).insert(customer);
          const event = newEvent(CustomerRegistered, {
            aggregateId: customer.id,
            correlationId,
            data: {
              customerId: customer.id,
              email: customer.email,
              firstName: customer.firstName,
              lastName: customer.lastName,
              registeredAt: now.toISOString(),
            },
          });
          await enqueueEvents(manager, TOPICS.customers, [event]);
        });
      } catch (err) {
        if ((err as { code?: string }).code === '23505') throw new DuplicateError('duplicate');
        throw err;
      }
      return customer;
    },

    updateProfile(id: string, patch: UpdateProfileInput, correlationId?: string) {
      return update(id, () => patch, correlationId);
    },

    /** Sets a new password hash and ends every refresh session of the customer. */
    async setPassword(id: string, passwordHash: string): Promise<void> {
      await dataSource.transaction(async (manager) => {
        await manager.getRepository(CustomerEntity).update({ id }, { passwordHash, updatedAt: new Date() });
        await manager
          .getRepository(RefreshSessionEntity)
          .createQueryBuilder()
          .update()
          .set({ revokedAt: () => 'now()' })
          .where('customer_id = :id and revoked_at is null', { id })
          .execute();
      });
    },

    /** A page of customers in id (= registration) order, optionally filtered by a search term. */
    async list(args: { first: number; after?: string | null; search?: string | null }): Promise<CustomerPage> {
      const query = customers.createQueryBuilder('c');
      if (args.search) {
        query.where(`(c.email || ' ' || lower(c.first_name) || ' ' || lower(c.last_name)) like :pattern`, {
          pattern: likePattern(args.search),
        });
      }
      const totalCount = await query.clone().getCount();
      if (args.after) query.andWhere('c.id > :after', { after: args.after });
      const rows = await query.orderBy('c.id', 'ASC').limit(args.first + 1).getMany();
      return { nodes: rows.slice(0, args.first), hasNextPage: rows.length > args.first, totalCount };
    },
  };
}
export type CustomerStore = ReturnType<typeof createCustomerStore>;
