import type { DataSource, EntityManager } from 'typeorm';
import { transact, type AlreadyProcessed, type Trigger } from './transaction.ts';

export interface AnnouncedVariant {
  variantId: string;
  sku: string;
}

/**
 * Upserts variants unless the stored row reflects a newer catalog fact: catalog events of
 * one product arrive in order, but a replay (say, from the dead-letter topic) may not.
 */
async function upsert(
  manager: EntityManager,
  rows: { variantId: string; sku: string | null; active: boolean }[],
  productId: string,
  changedAt: Date,
): Promise<void> {
  // One statement may not update a row twice, so a variant listed twice counts once (the last wins).
  const unique = [...new Map(rows.map((row) => [row.variantId, row])).values()];
  if (unique.length === 0) return;
  await manager.query(
    `insert into variants (variant_id, product_id, sku, active, changed_at)
     select v.variant_id, $4, v.sku, v.active, $5
       from unnest($1::text[], $2::text[], $3::boolean[]) as v (variant_id, sku, active)
      order by v.variant_id
     on conflict (variant_id) do update
        set product_id = excluded.product_id,
            sku = coalesce(excluded.sku, variants.sku),
            active = excluded.active,
            changed_at = excluded.changed_at,
            updated_at = now()
      where variants.changed_at <= excluded.changed_at`,
    [unique.map((row) => row.variantId), unique.map((row) => row.sku), unique.map((row) => row.active), productId, changedAt],
  );
}

export function createVariantStore(dataSource: DataSource) {
  return {
    /**
     * Records a product's current variants (and the ones it removed) and gives every active
     * variant a zero stock item in every active warehouse.
     */
    sync(
      change: { productId: string; variants: AnnouncedVariant[]; removedVariantIds: string[]; changedAt: Date },
      trigger?: Trigger,
    ): Promise<void | AlreadyProcessed> {
      return transact(dataSource, trigger, async (manager) => {
        const current = new Set(change.variants.map((variant) => variant.variantId));
        await upsert(
          manager,
          [
            ...change.variants.map((variant) => ({ ...variant, active: true })),
            ...change.removedVariantIds
              .filter((id) => !current.has(id))
              .map((variantId) => ({ variantId, sku: null, active: false })),
          ],
          change.productId,
          change.changedAt,
        );
        await manager.query(
          `insert into stock_items (variant_id, warehouse_id)
           select v.variant_id, w.id
             from variants v cross join warehouses w
            where v.variant_id = any($1::text[]) and v.active and w.active
            order by v.variant_id, w.id
           on conflict do nothing`,
          [[...current]],
        );
      });
    },

    /** Marks the variants of a deleted product inactive; their stock stays for the record. */
    deactivate(
      change: { productId: string; variantIds: string[]; changedAt: Date },
      trigger?: Trigger,
    ): Promise<void | AlreadyProcessed> {
      return transact(dataSource, trigger, (manager) =>
        upsert(
          manager,
          change.variantIds.map((variantId) => ({ variantId, sku: null, active: false })),
          change.productId,
          change.changedAt,
        ),
      );
    },
  };
}
export type VariantStore = ReturnType<typeof createVariantStore>;
