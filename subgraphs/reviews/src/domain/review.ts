import { z } from 'zod';

export interface Review {
  id: string;
  productId: string;
  authorId: string;
  rating: number;
  title: string;
  body: string;
  verifiedPurchase: boolean;
  createdAt: Date;
}

export const MIN_RATING = 1;
export const MAX_RATING = 5;
export const MAX_TITLE_LENGTH = 120;
export const MAX_BODY_LENGTH = 5000;

const text = (max: number) => z.string().trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`);

export const submitReviewInput = z.object({
  productId: z.string().trim().min(1, 'must not be empty').max(100, 'is not a product id'),
  rating: z
    .number()
    .int('must be a whole number of stars')
    .min(MIN_RATING, `must be between ${MIN_RATING} and ${MAX_RATING}`)
    .max(MAX_RATING, `must be between ${MIN_RATING} and ${MAX_RATING}`),
  title: text(MAX_TITLE_LENGTH),
  body: text(MAX_BODY_LENGTH),
});
export type SubmitReviewInput = z.infer<typeof submitReviewInput>;

/** Why a customer may not vote a review helpful, or undefined when they may. */
export function voteRefusal(review: Pick<Review, 'authorId'>, voterId: string): 'OWN_REVIEW' | undefined {
  // Authors voting for themselves would turn MOST_HELPFUL into a measure of self-promotion.
  return review.authorId === voterId ? 'OWN_REVIEW' : undefined;
}
