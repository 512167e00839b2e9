import type { EventData, EventEnvelope, ProductDeleted } from '@commerce/events';
import type { VariantStore } from '../store/variant-store.ts';
import { INBOX } from './inbox.ts';

/** A deleted product's variants can no longer be added or ordered; cart lines holding them show as unavailable. */
export async function retireVariantsWhenProductDeleted(
  deps: { variants: VariantStore },
  event: EventEnvelope<'ProductDeleted', EventData<typeof ProductDeleted>>,
): Promise<void> {
  const { productId, variantIds, deletedAt } = event.data;
  await deps.variants.retireProduct({ productId, variantIds, changedAt: new Date(deletedAt) }, { consumer: INBOX.catalog, event });
}
