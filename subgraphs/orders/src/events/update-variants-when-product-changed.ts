import type { EventData, EventEnvelope, ProductCreated, ProductUpdated } from '@commerce/events';
import type { VariantStore } from '../store/variant-store.ts';
import { INBOX } from './inbox.ts';

type ProductChanged =
  | EventEnvelope<'ProductCreated', EventData<typeof ProductCreated>>
  | EventEnvelope<'ProductUpdated', EventData<typeof ProductUpdated>>;

/** Copies a product's variants (sku, name, price, weight) into the read model; only an ACTIVE product's variants can be bought. */
export async function updateVariantsWhenProductChanged(deps: { variants: VariantStore }, event: ProductChanged): Promise<void> {
  const { data } = event;
  await deps.variants.syncProduct(
    {
      productId: data.productId,
      sellable: data.status === 'ACTIVE',
      variants: data.variants.map((variant) => ({
        variantId: variant.variantId,
        sku: variant.sku,
        name: variant.name,
        price: variant.price,
        weightGrams: variant.weightGrams ?? null,
      })),
      removedVariantIds: 'removedVariantIds' in data ? data.removedVariantIds : [],
      changedAt: new Date('updatedAt' in data ? data.updatedAt : data.createdAt),
    },
    { consumer: INBOX.catalog, event },
  );
}
