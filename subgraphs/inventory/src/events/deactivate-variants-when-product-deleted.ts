import type { EventData, EventEnvelope, ProductDeleted } from '@commerce/events';
import type { VariantStore } from '../store/variant-store.ts';
import { INBOX } from './inbox.ts';

/** A deleted product's variants can no longer be reserved (orders for them fail with UNKNOWN_VARIANT). */
export async function deactivateVariantsWhenProductDeleted(
  deps: { variants: VariantStore },
  event: EventEnvelope<'ProductDeleted', EventData<typeof ProductDeleted>>,
): Promise<void> {
  await deps.variants.deactivate(
    { productId: event.data.productId, variantIds: event.data.variantIds, changedAt: new Date(event.data.deletedAt) },
    { consumer: INBOX.catalog, event },
  );
}
