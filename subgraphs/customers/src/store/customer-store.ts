import { In, type DataSource, type Repository } from 'typeorm';
import { newId } from '@commerce/service-kit';
import type { CreateCustomerInput, Customer } from '../domain/customer.ts';
import { CustomerEntity } from './entities.ts';
import { CreateCustomers1732190000000 } from './migrations/1732190000000-create-customers.ts';

export const entities = [CustomerEntity];
export const migrations = [CreateCustomers1732190000000];

/** Raised when a unique constraint (e.g. the email) is already taken. */
export class DuplicateError extends Error {}

export function createCustomerStore(dataSource: DataSource) {
  const repo: Repository<Customer> = dataSource.getRepository(CustomerEntity);
  return {
    /** Customers by id, in the order of `ids`, `undefined` where none exists. */
    async findByIds(ids: readonly string[]): Promise<(Customer | undefined)[]> {
      const rows = await repo.findBy({ id: In([...ids]) });
      const byId = new Map(rows.map((row) => [row.id, row]));
      return ids.map((id) => byId.get(id));
    },

    async create(input: CreateCustomerInput): Promise<Customer> {
      const customer: Customer = { id: newId('cus'), ...input, createdAt: new Date() };
      try {
        await repo.insert(customer);
      } catch (err) {
        if ((err as { code?: string }).code === '23505') throw new DuplicateError('duplicate');
        throw err;
      }
      return customer;
    },
  };
}
export type CustomerStore = ReturnType<typeof createCustomerStore>;
