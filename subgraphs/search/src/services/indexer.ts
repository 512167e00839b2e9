import {
  PriceChanged,
  ProductCreated,
  ProductDeleted,
  ProductRatingChanged,
  ProductUpdated,
  StockAdjusted,
  StockLevelChanged,
  matchEvent,
  type EventEnvelope,
} from '@commerce/events';
import {
  applyAvailability,
  applyDeleted,
  applyPrice,
  applyRating,
  applySnapshot,
  type ProductDocument,
} from '../domain/product-document.ts';
import { applyStockLevel, isInStock, type StockReport } from '../domain/variant-stock.ts';
import type { SearchStore } from '../store/search-store.ts';

/** What a handler did with an event: changed the index, found it already there (or older), or does not handle it. */
export type IndexOutcome = 'applied' | 'stale' | 'ignored';

/**
 * Applies catalog, inventory and reviews events to the search index. Every effect is a
 * read-decide-write on one document guarded by the source's version, so a repeated or
 * late event is 'stale' and changes nothing: no inbox is needed.
 */
export function createIndexer(store: SearchStore) {
  /** The product's availability from its variants' stock, written if it changed. */
  async function refreshAvailability(doc: ProductDocument | undefined): Promise<void> {
    if (!doc) return;
    const variantIds = doc.variants.map((v) => v.id);
    for (let round = 0; round < 3; round++) {
      const inStock = isInStock(await store.variants(variantIds));
      const result = await store.mutateProduct(doc.id, (current) => applyAvailability(current, inStock));
      if (result.outcome === 'stale') return;
    }
  }

  async function onSnapshot(snapshot: Parameters<typeof applySnapshot>[1]): Promise<IndexOutcome> {
    const result = await store.mutateProduct(snapshot.productId, (current) => applySnapshot(current, snapshot));
    if (result.outcome === 'stale') return 'stale';
    // Name the product on its variants' stock documents first, then read their stock: a
    // stock count landing meanwhile either sees the product id or is seen here.
    for (const variant of snapshot.variants) {
      await store.mutateVariant(variant.variantId, (current) =>
        current?.productId === snapshot.productId
          ? 'stale'
          : { variantId: variant.variantId, warehouses: {}, ...current, productId: snapshot.productId },
      );
    }
    await refreshAvailability(result.doc);
    return 'applied';
  }

  async function onStock(report: StockReport): Promise<IndexOutcome> {
    const result = await store.mutateVariant(report.variantId, (current) => applyStockLevel(current, report));
    if (result.outcome === 'applied' && result.doc?.productId) await refreshAvailability(await store.getProduct(result.doc.productId));
    return result.outcome;
  }

  return {
    async handle(event: EventEnvelope): Promise<IndexOutcome> {
      const created = matchEvent(ProductCreated, event);
      if (created) return onSnapshot({ ...created.data, occurredAt: event.occurredAt });
      const updated = matchEvent(ProductUpdated, event);
      if (updated) return onSnapshot({ ...updated.data, createdAt: undefined, occurredAt: event.occurredAt });
      const price = matchEvent(PriceChanged, event);
      if (price) {
        const change = { variantId: price.data.variantId, price: price.data.newPrice, changedAt: price.data.changedAt };
        return (await store.mutateProduct(price.data.productId, (current) => applyPrice(current, change))).outcome;
      }
      const deleted = matchEvent(ProductDeleted, event);
      if (deleted) return (await store.mutateProduct(deleted.data.productId, (current) => applyDeleted(current, deleted.data.productId))).outcome;
      const rating = matchEvent(ProductRatingChanged, event);
      if (rating) return (await store.mutateProduct(rating.data.productId, (current) => applyRating(current, rating.data))).outcome;
      const level = matchEvent(StockLevelChanged, event);
      if (level) {
        const { variantId, warehouseId, available, warehouseActive, version, changedAt } = level.data;
        return onStock({ variantId, warehouseId, available, active: warehouseActive, version, at: changedAt });
      }
      const adjusted = matchEvent(StockAdjusted, event);
      if (adjusted) {
        const { variantId, warehouseId, onHand, reserved, adjustedAt } = adjusted.data;
        return onStock({ variantId, warehouseId, available: Math.max(0, onHand - reserved), active: true, version: null, at: adjustedAt });
      }
      return 'ignored';
    },
  };
}
export type Indexer = ReturnType<typeof createIndexer>;

/** The event types the indexer acts on, per topic. */
export const INDEXED_EVENTS = {
  catalog: [ProductCreated, ProductUpdated, PriceChanged, ProductDeleted].map((c) => c.eventType),
  inventory: [StockLevelChanged.eventType, StockAdjusted.eventType],
  reviews: [ProductRatingChanged.eventType],
};
