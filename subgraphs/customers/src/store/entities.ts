import { EntitySchema } from 'typeorm';
import type { Address, Customer } from '../domain/customer.ts';
import type { RefreshSession } from '../domain/session.ts';

export const CustomerEntity = new EntitySchema<Customer>({
  name: 'Customer',
  tableName: 'customers',
  columns: {
    id: { type: 'text', primary: true },
    email: { type: 'text', unique: true },
    firstName: { type: 'text', name: 'first_name' },
    lastName: { type: 'text', name: 'last_name' },
    phone: { type: 'text', nullable: true },
    roles: { type: 'text', array: true },
    passwordHash: { type: 'text', name: 'password_hash' },
    createdAt: { type: 'timestamptz', name: 'created_at' },
    updatedAt: { type: 'timestamptz', name: 'updated_at' },
  },
});

export const AddressEntity = new EntitySchema<Address>({
  name: 'Address',
  tableName: 'addresses',
  columns: {
    id: { type: 'text', primary: true },
    customerId: { type: 'text', name: 'customer_id' },
    label: { type: 'text', nullable: true },
    recipient: { type: 'text' },
    line1: { type: 'text' },
    line2: { type: 'text', nullable: true },
    city: { type: 'text' },
    region: { type: 'text', nullable: true },
    postalCode: { type: 'text', name: 'postal_code' },
    country: { type: 'char', length: 2 },
    phone: { type: 'text', nullable: true },
    isDefaultShipping: { type: 'boolean', name: 'is_default_shipping' },
    isDefaultBilling: { type: 'boolean', name: 'is_default_billing' },
    createdAt: { type: 'timestamptz', name: 'created_at' },
    revision: { type: 'integer' },
  },
});

export const RefreshSessionEntity = new EntitySchema<RefreshSession>({
  name: 'RefreshSession',
  tableName: 'refresh_sessions',
  columns: {
    id: { type: 'text', primary: true },
    familyId: { type: 'text', name: 'family_id' },
    customerId: { type: 'text', name: 'customer_id' },
    tokenHash: { type: 'text', name: 'token_hash' },
    expiresAt: { type: 'timestamptz', name: 'expires_at' },
    rotatedAt: { type: 'timestamptz', name: 'rotated_at', nullable: true },
    revokedAt: { type: 'timestamptz', name: 'revoked_at', nullable: true },
    createdAt: { type: 'timestamptz', name: 'created_at' },
  },
});
