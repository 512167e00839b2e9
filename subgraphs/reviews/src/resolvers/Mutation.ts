import * as reviews from '../services/review-service.ts';
import type { Context } from '../context.ts';
import type {
  MutationRemoveReviewArgs,
  MutationSubmitReviewArgs,
  MutationVoteReviewHelpfulArgs,
} from '../generated/resolver-types.ts';

export const Mutation = {
  submitReview: (_: unknown, args: MutationSubmitReviewArgs, ctx: Context) => reviews.submitReview(ctx, args.input),
  voteReviewHelpful: (_: unknown, args: MutationVoteReviewHelpfulArgs, ctx: Context) => reviews.voteHelpful(ctx, args.reviewId),
  removeReview: (_: unknown, args: MutationRemoveReviewArgs, ctx: Context) => reviews.removeReview(ctx, args.id),
};
