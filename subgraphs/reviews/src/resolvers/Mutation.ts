import * as reviews from '../services/review-service.ts';
import type { Context } from '../context.ts';

export const Mutation = {
  submitReview: (_: unknown, args: { input: unknown }, ctx: Context) => reviews.submitReview(ctx, args.input),
  voteReviewHelpful: (_: unknown, args: { reviewId: string }, ctx: Context) => reviews.voteHelpful(ctx, args.reviewId),
  removeReview: (_: unknown, args: { id: string }, ctx: Context) => reviews.removeReview(ctx, args.id),
};
