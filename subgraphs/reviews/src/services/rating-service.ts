import type { Logger, MongoLocks } from '@commerce/service-kit';
import { ratingChange, summarizeRatings } from '../domain/rating.ts';
import type { Stores } from '../deps.ts';
import { ratingLock } from '../store/product-store.ts';

export interface RatingDeps extends Pick<Stores, 'products' | 'reviews'> {
  locks: MongoLocks;
  /** Wakes the outbox relay after an event was written (it polls anyway). */
  wakeRelay?: () => void;
}

/**
 * Publishes the product's rating (through its outbox) if it differs from the last one
 * published. Under the product's rating lock, so versions grow by one per change even with
 * concurrent reviews: FerretDB does not isolate a read-modify-write.
 */
export async function publishRating(deps: RatingDeps, productId: string, now = new Date()): Promise<boolean> {
  const published = await deps.locks.withLock(ratingLock(productId), async () => {
    const counts = await deps.reviews.ratingCounts([productId]);
    const change = ratingChange(productId, await deps.products.publishedRating(productId), summarizeRatings(counts.get(productId) ?? []), now);
    await deps.products.saveRating(productId, change);
    return change !== undefined;
  });
  if (published) deps.wakeRelay?.();
  return published;
}

/** Publishes the ratings a crash left flagged between a review's write and its rating's. */
export async function publishDirtyRatings(deps: RatingDeps, logger: Logger): Promise<number> {
  let published = 0;
  for (const productId of await deps.products.dirtyRatings(100)) {
    if (await publishRating(deps, productId)) published += 1;
  }
  if (published > 0) logger.info({ published }, 'published ratings left unpublished');
  return published;
}
