import type { DataSource, EntityManager } from 'typeorm';
import type { Money } from '@commerce/service-kit';
import type { VariantSnapshot } from '../domain/cart.ts';
import { transact, type AlreadyProcessed, type Trigger } from './transaction.ts';

export interface AnnouncedVariant {
  variantId: string;
  sku: string;
  name: string;
  price: Money;
  weightGrams: number | null;
}

export interface VariantRow {
  variant_id: string;
  product_id: string;
  sku: string;
  name: string;
  price_amount: string;
  price_currency: string;
  weight_grams: number | null;
  active: boolean;
}

export const VARIANT_COLUMNS = 'v.variant_id, v.product_id, v.sku, v.name, v.price_amount, v.price_currency, v.weight_grams, v.active';

export function toVariant(row: VariantRow): VariantSnapshot {
  return {
    variantId: row.variant_id,
    productId: row.product_id,
    sku: row.sku,
    name: row.name,
    price: { amount: Number(row.price_amount), currency: row.price_currency },
    weightGrams: row.weight_grams,
    active: row.active,
  };
}

// ISO 4217's "no currency": a tombstone can never be sold (domain/cart.ts isSellable).
const NO_CURRENCY = 'XXX';

/**
 * Writes variants unless the stored row reflects a newer catalog fact: catalog events of one
 * product arrive in order, but a replay (say, from the dead-letter topic) may not. Rows are
 * written in id order so concurrent writers never wait on each other in opposite orders.
 */
async function upsert(manager: EntityManager, productId: string, rows: (AnnouncedVariant & { active: boolean })[], changedAt: Date) {
  // One statement may not update a row twice, so a variant listed twice counts once (the last wins).
  const unique = [...new Map(rows.map((row) => [row.variantId, row])).values()];
  if (unique.length === 0) return;
  await manager.query(
    `insert into variants (variant_id, product_id, sku, name, price_amount, price_currency, weight_grams, active, changed_at)
     select v.variant_id, $1, v.sku, v.name, v.price_amount, v.price_currency, v.weight_grams, v.active, $2
       from unnest($3::text[], $4::text[], $5::text[], $6::bigint[], $7::text[], $8::int[], $9::boolean[])
            as v (variant_id, sku, name, price_amount, price_currency, weight_grams, active)
      order by v.variant_id
     on conflict (variant_id) do update
        set product_id = excluded.product_id, sku = excluded.sku, name = excluded.name,
            price_amount = excluded.price_amount, price_currency = excluded.price_currency,
            weight_grams = excluded.weight_grams, active = excluded.active,
            changed_at = excluded.changed_at, updated_at = now()
      where variants.changed_at <= excluded.changed_at`,
    [
      productId,
      changedAt,
      unique.map((row) => row.variantId),
      unique.map((row) => row.sku),
      unique.map((row) => row.name),
      unique.map((row) => row.price.amount),
      unique.map((row) => row.price.currency),
      unique.map((row) => row.weightGrams),
      unique.map((row) => row.active),
    ],
  );
}

/**
 * Marks variants unsellable, keeping what the read model knew of them (a cart line still
 * shows its name). A variant never seen gets an inactive tombstone, so an older event
 * replayed later cannot bring it back.
 */
async function retire(manager: EntityManager, productId: string, variantIds: string[], changedAt: Date) {
  const ids = [...new Set(variantIds)].sort();
  if (ids.length === 0) return;
  await manager.query(
    `insert into variants (variant_id, product_id, sku, name, price_amount, price_currency, weight_grams, active, changed_at)
     select id, $1, '', '', 0, '${NO_CURRENCY}', null, false, $2 from unnest($3::text[]) as id
     on conflict (variant_id) do update
        set active = false, changed_at = excluded.changed_at, updated_at = now()
      where variants.changed_at <= excluded.changed_at`,
    [productId, changedAt, ids],
  );
}

export function createVariantStore(dataSource: DataSource) {
  return {
    /**
     * Records a product's current variants and retires the ones it removed. Variants of a
     * product that is not ACTIVE (a draft, an archived product) are known but not for sale.
     */
    syncProduct(
      change: { productId: string; sellable: boolean; variants: AnnouncedVariant[]; removedVariantIds: string[]; changedAt: Date },
      trigger?: Trigger,
    ): Promise<void | AlreadyProcessed> {
      return transact(dataSource, trigger, async (manager) => {
        const current = new Set(change.variants.map((variant) => variant.variantId));
        await upsert(
          manager,
          change.productId,
          change.variants.map((variant) => ({ ...variant, active: change.sellable })),
          change.changedAt,
        );
        await retire(
          manager,
          change.productId,
          change.removedVariantIds.filter((id) => !current.has(id)),
          change.changedAt,
        );
      });
    },

    /** A new price for one variant; carts show it at once, placed orders keep theirs. */
    reprice(change: { variantId: string; price: Money; changedAt: Date }, trigger?: Trigger): Promise<void | AlreadyProcessed> {
      return transact(dataSource, trigger, async (manager) => {
        // A variant the read model has not heard of yet gets its price with its ProductCreated.
        await manager.query(
          `update variants set price_amount = $2, price_currency = $3, changed_at = $4, updated_at = now()
            where variant_id = $1 and changed_at <= $4`,
          [change.variantId, change.price.amount, change.price.currency, change.changedAt],
        );
      });
    },

    /** The variants of a deleted product can no longer be bought. */
    retireProduct(change: { productId: string; variantIds: string[]; changedAt: Date }, trigger?: Trigger): Promise<void | AlreadyProcessed> {
      return transact(dataSource, trigger, (manager) => retire(manager, change.productId, change.variantIds, change.changedAt));
    },

    /** Variants by id, in the order of `ids`, undefined where the read model has none. */
    async findByIds(ids: readonly string[]): Promise<(VariantSnapshot | undefined)[]> {
      const rows = await dataSource.query<VariantRow[]>(`select ${VARIANT_COLUMNS} from variants v where v.variant_id = any($1::text[])`, [
        [...ids],
      ]);
      const byId = new Map(rows.map((row) => [row.variant_id, toVariant(row)]));
      return ids.map((id) => byId.get(id));
    },
  };
}
export type VariantStore = ReturnType<typeof createVariantStore>;
