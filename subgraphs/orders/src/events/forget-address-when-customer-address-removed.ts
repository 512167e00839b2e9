import type { CustomerAddressRemoved, EventData, EventEnvelope } from '@commerce/events';
import type { AddressStore } from '../store/address-store.ts';
import { INBOX } from './inbox.ts';

/** A removed address can no longer be shipped to by id; orders already placed keep their copy. */
export async function forgetAddressWhenCustomerAddressRemoved(
  deps: { addresses: AddressStore },
  event: EventEnvelope<'CustomerAddressRemoved', EventData<typeof CustomerAddressRemoved>>,
): Promise<void> {
  const { customerId, addressId, removedAt } = event.data;
  await deps.addresses.remove({ customerId, addressId, removedAt: new Date(removedAt) }, { consumer: INBOX.customers, event });
}
