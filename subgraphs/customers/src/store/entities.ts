import { EntitySchema } from 'typeorm';
import type { Customer } from '../domain/customer.ts';

export const CustomerEntity = new EntitySchema<Customer>({
  name: 'Customer',
  tableName: 'customers',
  columns: {
    id: { type: 'text', primary: true },
    email: { type: 'text', unique: true },
    firstName: { type: 'text', name: 'first_name' },
    lastName: { type: 'text', name: 'last_name' },
    createdAt: { type: 'timestamptz', name: 'created_at' },
  },
});
