import type { EventData, EventEnvelope, ProductCreated, ProductUpdated } from '@commerce/events';
import type { VariantStore } from '../store/variant-store.ts';
import { INBOX } from './inbox.ts';

type ProductChanged =
  | EventEnvelope<'ProductCreated', EventData<typeof ProductCreated>>
  | EventEnvelope<'ProductUpdated', EventData<typeof ProductUpdated>>;

/** Registers a product's variants (zero stock in every active warehouse) and retires the ones it removed. */
export async function registerVariantsWhenProductChanged(deps: { variants: VariantStore }, event: ProductChanged): Promise<void> {
  const { data } = event;
  await deps.variants.sync(
    {
      productId: data.productId,
      variants: data.variants.map((variant) => ({ variantId: variant.variantId, sku: variant.sku })),
      removedVariantIds: 'removedVariantIds' in data ? data.removedVariantIds : [],
      changedAt: new Date('updatedAt' in data ? data.updatedAt : data.createdAt),
    },
    { consumer: INBOX.catalog, event },
  );
}
