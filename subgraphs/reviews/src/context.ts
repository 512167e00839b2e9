import DataLoader from 'dataloader';
import type { Viewer } from '@commerce/service-kit';
import type { Deps } from './deps.ts';
import type { Page } from './domain/pagination.ts';
import { summarizeRatings, type RatingSummary } from './domain/rating.ts';
import type { Review } from './domain/review.ts';
import { createPageLoader, type PageKey } from './services/review-pages.ts';

export interface Loaders {
  review: DataLoader<string, Review | undefined>;
  helpfulVotes: DataLoader<string, number>;
  rating: DataLoader<string, RatingSummary>;
  productReviews: DataLoader<PageKey, Page<Review>, string>;
  authorReviews: DataLoader<PageKey, Page<Review>, string>;
}

export interface Context extends Deps {
  viewer: Viewer | undefined;
  loaders: Loaders;
}

/**
 * A fresh context per request: loaders batch and cache only within one request, so a
 * page of 50 products reads each kind of data in one batch (one concurrent equality query
 * per key, see lookupEach) instead of one sequential round trip per field resolved.
 */
export function createContext(deps: Deps, viewer: Viewer | undefined): Context {
  const review = new DataLoader((ids: readonly string[]) => deps.reviews.findByIds(ids));
  const helpfulVotes = new DataLoader(async (ids: readonly string[]) => {
    const counts = await deps.votes.countByReviews(ids);
    return ids.map((id) => counts.get(id) ?? 0);
  });
  const rating = new DataLoader(async (productIds: readonly string[]) => {
    const counts = await deps.reviews.ratingCounts(productIds);
    return productIds.map((id) => summarizeRatings(counts.get(id) ?? []));
  });
  const pageLoaders = { review, helpfulVotes };
  return {
    ...deps,
    viewer,
    loaders: {
      review,
      helpfulVotes,
      rating,
      productReviews: createPageLoader(deps, 'productId', pageLoaders),
      authorReviews: createPageLoader(deps, 'authorId', pageLoaders),
    },
  };
}
