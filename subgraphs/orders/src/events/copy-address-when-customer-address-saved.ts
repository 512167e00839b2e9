import type { CustomerAddressSaved, EventData, EventEnvelope } from '@commerce/events';
import type { AddressStore } from '../store/address-store.ts';
import { INBOX } from './inbox.ts';

/** Keeps a copy of the customer's saved address, so placeOrder can ship to it by id. */
export async function copyAddressWhenCustomerAddressSaved(
  deps: { addresses: AddressStore },
  event: EventEnvelope<'CustomerAddressSaved', EventData<typeof CustomerAddressSaved>>,
): Promise<void> {
  const { customerId, addressId, address, revision } = event.data;
  const { recipient, line1, line2, city, region, postalCode, country, phone } = address;
  await deps.addresses.save(
    { customerId, addressId, address: { recipient, line1, line2, city, region, postalCode, country, phone }, revision },
    { consumer: INBOX.customers, event },
  );
}
