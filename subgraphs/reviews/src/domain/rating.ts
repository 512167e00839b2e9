import { ProductRatingChanged, newEvent, type EventEnvelope } from '@commerce/events';
import { MAX_RATING, MIN_RATING } from './review.ts';

export interface RatingBucket {
  rating: number;
  count: number;
}

export interface RatingSummary {
  /** Mean rating rounded to 2 decimals; null without reviews. */
  average: number | null;
  count: number;
  /** Always one bucket per rating, highest first. */
  distribution: RatingBucket[];
}

const RATINGS_HIGH_TO_LOW = Array.from({ length: MAX_RATING - MIN_RATING + 1 }, (_, i) => MAX_RATING - i);

/**
 * Folds per-rating counts (as the store's $group returns them; missing ratings count 0,
 * repeated ones add up) into a summary. The average is computed here because FerretDB v1
 * has no $avg accumulator.
 */
export function summarizeRatings(buckets: Iterable<RatingBucket>): RatingSummary {
  const counts = new Map<number, number>(RATINGS_HIGH_TO_LOW.map((rating) => [rating, 0]));
  for (const { rating, count } of buckets) {
    const current = counts.get(rating);
    if (current !== undefined) counts.set(rating, current + count);
  }
  let count = 0;
  let stars = 0;
  for (const [rating, n] of counts) {
    count += n;
    stars += rating * n;
  }
  return {
    // One division of integers, then rounding half up on hundredths: no drift from summing floats.
    average: count === 0 ? null : Math.round((stars * 100) / count) / 100,
    count,
    distribution: RATINGS_HIGH_TO_LOW.map((rating) => ({ rating, count: counts.get(rating) ?? 0 })),
  };
}

/** The rating a product's last ProductRatingChanged told; version 0 before any. */
export interface PublishedRating {
  ratingVersion: number;
  average: number | null;
  count: number;
}

/**
 * The next published rating and its event when the summary differs from what was last
 * published (or nothing was yet); undefined when consumers already know it.
 */
export function ratingChange(
  productId: string,
  published: PublishedRating,
  summary: Pick<RatingSummary, 'average' | 'count'>,
  now: Date,
): { next: PublishedRating; event: EventEnvelope } | undefined {
  if (published.ratingVersion > 0 && published.average === summary.average && published.count === summary.count) return undefined;
  const next = { ratingVersion: published.ratingVersion + 1, average: summary.average, count: summary.count };
  const event = newEvent(ProductRatingChanged, {
    aggregateId: productId,
    occurredAt: now,
    data: { productId, ...next, changedAt: now.toISOString() },
  });
  return { next, event };
}
