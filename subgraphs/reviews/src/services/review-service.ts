import {
  conflict,
  forbidden,
  isSelfOrAdmin,
  newId,
  notFound,
  parseInput,
  requireRole,
  requireViewer,
} from '@commerce/service-kit';
import { isReviewable } from '../domain/product.ts';
import { publishRating } from './rating-service.ts';
import { submitReviewInput, voteRefusal, type Review } from '../domain/review.ts';
import { DuplicateReviewError } from '../store/review-store.ts';
import { DuplicateVoteError } from '../store/vote-store.ts';
import type { Context } from '../context.ts';

const reviewNotFound = () => notFound('No review has this id.');

export async function submitReview(ctx: Context, rawInput: unknown): Promise<Review> {
  const author = requireRole(ctx.viewer, 'CUSTOMER');
  const input = parseInput(submitReviewInput, rawInput);
  if (!isReviewable(await ctx.products.findById(input.productId))) {
    throw notFound('No product with this id is available for review.');
  }
  // Flagged before the write: if this process dies before publishing the new rating, the sweeper does it.
  await ctx.products.markRatingDirty(input.productId);
  const review: Review = {
    id: newId('rev'),
    ...input,
    authorId: author.id,
    verifiedPurchase: await ctx.purchases.has(author.id, input.productId),
    createdAt: new Date(),
  };
  try {
    await ctx.reviews.insert(review);
  } catch (err) {
    if (err instanceof DuplicateReviewError) {
      throw conflict('You have already reviewed this product; remove that review to write a new one.');
    }
    throw err;
  }
  if (!review.verifiedPurchase && (await ctx.purchases.has(author.id, input.productId))) {
    // The delivery landed between our check and the insert. The consumer records the
    // purchase before it marks reviews, and we insert before checking again, so one side
    // always sees the other's write: no verified purchase is ever missed.
    await ctx.reviews.markVerified(author.id, [input.productId]);
    review.verifiedPurchase = true;
  }
  await publishRating(ctx, input.productId);
  ctx.loaders.review.prime(review.id, review);
  ctx.loaders.helpfulVotes.prime(review.id, 0);
  return review;
}

export async function voteHelpful(ctx: Context, reviewId: string): Promise<Review> {
  const voter = requireViewer(ctx.viewer);
  const review = await ctx.loaders.review.load(reviewId);
  if (!review) throw reviewNotFound();
  if (voteRefusal(review, voter.id) === 'OWN_REVIEW') throw forbidden('You cannot vote for your own review.');
  try {
    await ctx.votes.add({ reviewId: review.id, productId: review.productId, voterId: voter.id });
  } catch (err) {
    if (err instanceof DuplicateVoteError) throw conflict('You have already voted for this review.');
    throw err;
  }
  return review;
}

export async function removeReview(ctx: Context, id: string): Promise<boolean> {
  const viewer = requireViewer(ctx.viewer);
  const review = await ctx.loaders.review.load(id);
  if (!review) throw reviewNotFound();
  if (!isSelfOrAdmin(viewer, review.authorId)) throw forbidden('Only the author or an admin can remove a review.');
  await ctx.products.markRatingDirty(review.productId);
  // A concurrent remove may have won; the caller asked for something that no longer exists.
  if (!(await ctx.reviews.remove(id))) throw reviewNotFound();
  await publishRating(ctx, review.productId);
  // Votes go after their review. A vote racing this removal can leave a row behind, but
  // votes are only ever read for reviews that exist, so it is never counted.
  await ctx.votes.removeForReview(id);
  return true;
}
