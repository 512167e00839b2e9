import { ProductCreated, ProductDeleted, ProductUpdated, matchEvent, type EventEnvelope } from '@commerce/events';
import type { Stores } from '../deps.ts';
import { processOnce, type HandleOutcome } from './process-once.ts';

/** The inbox name of this handler: independent of the Kafka group, it names the effect. */
export const TRACK_PRODUCT = 'reviews.track-product';

/**
 * Keeps the local read model of catalog products (status, deleted) that submitReview
 * checks, so reviews never asks the catalog at request time.
 */
export function createTrackProductWhenProductChanged(stores: Pick<Stores, 'products' | 'inbox'>) {
  return async (event: EventEnvelope): Promise<HandleOutcome> => {
    const snapshot = matchEvent(ProductCreated, event) ?? matchEvent(ProductUpdated, event);
    if (snapshot) {
      return processOnce(stores.inbox, TRACK_PRODUCT, event, async () => {
        await stores.products.applySnapshot(snapshot.data.productId, snapshot.data.status, new Date(event.occurredAt));
      });
    }
    const deleted = matchEvent(ProductDeleted, event);
    if (deleted) {
      return processOnce(stores.inbox, TRACK_PRODUCT, event, async () => {
        await stores.products.markDeleted(deleted.data.productId, new Date(event.occurredAt));
      });
    }
    return 'ignored';
  };
}
