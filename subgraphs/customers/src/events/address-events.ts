import { CustomerAddressRemoved, CustomerAddressSaved, newEvent } from '@commerce/events';
import { postalAddressOf, type Address } from '../domain/customer.ts';

/** CustomerAddressSaved for an address as it now is; keyed by its customer, so one customer's address events stay in order. */
export function addressSaved(address: Address, savedAt: Date, correlationId?: string) {
  return newEvent(CustomerAddressSaved, {
    aggregateId: address.customerId,
    correlationId,
    data: {
      customerId: address.customerId,
      addressId: address.id,
      address: postalAddressOf(address),
      revision: address.revision,
      savedAt: savedAt.toISOString(),
    },
  });
}

export function addressRemoved(address: Pick<Address, 'id' | 'customerId'>, removedAt: Date, correlationId?: string) {
  return newEvent(CustomerAddressRemoved, {
    aggregateId: address.customerId,
    correlationId,
    data: { customerId: address.customerId, addressId: address.id, removedAt: removedAt.toISOString() },
  });
}
