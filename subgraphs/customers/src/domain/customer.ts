import type { PostalAddress } from '@commerce/events';
import type { Role } from '@commerce/domain-kit';

export interface Customer {
  id: string;
  email: string;
  firstName: string;
  lastName: string;
  phone: string | null;
  roles: Role[];
  passwordHash: string;
  createdAt: Date;
  updatedAt: Date;
}

export interface Address {
  id: string;
  customerId: string;
  label: string | null;
  recipient: string;
  line1: string;
  line2: string | null;
  city: string;
  region: string | null;
  postalCode: string;
  country: string;
  phone: string | null;
  isDefaultShipping: boolean;
  isDefaultBilling: boolean;
  createdAt: Date;
  /** How many times the address was saved: 1 when added, one more with each update. */
  revision: number;
}

/** How many addresses one customer may keep. */
export const MAX_ADDRESSES = 20;

/** What other services see of an address (CustomerAddressSaved): where to ship, without the label or the default flags. */
export function postalAddressOf(address: Address): PostalAddress {
  const { recipient, line1, line2, city, region, postalCode, country, phone } = address;
  return { recipient, line1, line2, city, region, postalCode, country, phone };
}

/** Roles after granting `role`: every customer keeps CUSTOMER; granting twice changes nothing. */
export function grantRole(roles: readonly Role[], role: Role): Role[] {
  return roles.includes(role) ? [...roles] : [...roles, role];
}

/** Roles after revoking `role`. CUSTOMER cannot be revoked: it is what makes someone a customer. */
export function revokeRole(roles: readonly Role[], role: Role): Role[] {
  if (role === 'CUSTOMER') return [...roles];
  return roles.filter((r) => r !== role);
}

/** The fields that differ between two versions of a profile, for CustomerUpdated. */
export function changedFields<T extends object>(before: T, after: T, fields: readonly (keyof T)[]): (keyof T)[] {
  return fields.filter((field) => before[field] !== after[field]);
}
