import DataLoader from 'dataloader';
import { paginate, type Page, type PageRequest } from '../domain/pagination.ts';
import type { Review } from '../domain/review.ts';
import type { ReviewOwner, ReviewRankKey } from '../store/review-store.ts';
import type { Deps } from '../deps.ts';

/** One connection to load: whose reviews (a product's or an author's) and which page. */
export interface PageKey extends PageRequest {
  ownerId: string;
}

type RankedKey = ReviewRankKey & { helpfulVotes: number };

const cacheKey = ({ ownerId, sort, first, after }: PageKey) => JSON.stringify([ownerId, sort, first, after]);

/**
 * Loads review pages for many owners at once in a constant number of batches, whatever
 * the number of owners: one for the ranking keys of all their reviews, one more for vote
 * counts when a page is sorted by MOST_HELPFUL, and one for the reviews on the pages
 * (through the request's review loader, so entities resolved in the same request share it).
 * Each batch is one equality query per owner or review, run concurrently (see lookupEach).
 */
export function createPageLoader(
  deps: Pick<Deps, 'reviews' | 'votes'>,
  owner: ReviewOwner,
  loaders: { review: DataLoader<string, Review | undefined>; helpfulVotes: DataLoader<string, number> },
): DataLoader<PageKey, Page<Review>, string> {
  return new DataLoader(
    async (keys: readonly PageKey[]) => {
      const ownerIds = [...new Set(keys.map((key) => key.ownerId))];
      const rankKeys = await deps.reviews.rankKeysOf(owner, ownerIds);

      let votes = new Map<string, number>();
      if (keys.some((key) => key.sort === 'MOST_HELPFUL')) {
        votes =
          owner === 'productId'
            ? await deps.votes.countByProducts(ownerIds)
            : await deps.votes.countByReviews(rankKeys.map((key) => key.id));
        // Review.helpfulVotes on these pages is then answered without another query.
        for (const { id } of rankKeys) loaders.helpfulVotes.prime(id, votes.get(id) ?? 0);
      }

      const byOwner = new Map<string, RankedKey[]>();
      for (const key of rankKeys) {
        const list = byOwner.get(key[owner]) ?? [];
        list.push({ ...key, helpfulVotes: votes.get(key.id) ?? 0 });
        byOwner.set(key[owner], list);
      }

      const pages = keys.map((key) => paginate(byOwner.get(key.ownerId) ?? [], key));
      const ids = [...new Set(pages.flatMap((page) => page.edges.map((edge) => edge.node.id)))];
      const reviews = await loaders.review.loadMany(ids);
      const byId = new Map<string, Review>();
      for (const review of reviews) {
        if (review instanceof Error) throw review;
        if (review) byId.set(review.id, review);
      }
      return pages.map((page) => ({
        ...page,
        // A review removed between the two queries drops out of its page.
        edges: page.edges.flatMap(({ cursor, node }) => {
          const review = byId.get(node.id);
          return review ? [{ cursor, node: review }] : [];
        }),
      }));
    },
    { cacheKeyFn: cacheKey },
  );
}
