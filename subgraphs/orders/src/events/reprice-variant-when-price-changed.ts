import type { EventData, EventEnvelope, PriceChanged } from '@commerce/events';
import type { VariantStore } from '../store/variant-store.ts';
import { INBOX } from './inbox.ts';

/** Carts show the new price at once; orders already placed keep the price they were placed at. */
export async function repriceVariantWhenPriceChanged(
  deps: { variants: VariantStore },
  event: EventEnvelope<'PriceChanged', EventData<typeof PriceChanged>>,
): Promise<void> {
  const { variantId, newPrice, changedAt } = event.data;
  await deps.variants.reprice({ variantId, price: newPrice, changedAt: new Date(changedAt) }, { consumer: INBOX.catalog, event });
}
