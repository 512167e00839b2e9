import { Schema, type Connection } from 'mongoose';
import { lookupEach } from '@commerce/service-kit';
import type { RatingBucket } from '../domain/rating.ts';
import type { Review } from '../domain/review.ts';
import { ONE_BATCH, isDuplicateKey, modelOn } from './models.ts';

interface ReviewDocument {
  _id: string;
  productId: string;
  authorId: string;
  rating: number;
  title: string;
  body: string;
  verifiedPurchase: boolean;
  createdAt: Date;
}

const reviewSchema = new Schema<ReviewDocument>(
  {
    _id: { type: String, required: true },
    productId: { type: String, required: true },
    authorId: { type: String, required: true },
    rating: { type: Number, required: true },
    title: { type: String, required: true },
    body: { type: String, required: true },
    verifiedPurchase: { type: Boolean, required: true },
    createdAt: { type: Date, required: true },
  },
  { collection: 'reviews', versionKey: false },
);
// One review per customer and product. The unique index, not a read before the insert,
// is what holds when two submits race: the database lets exactly one of them in.
// (Both fields are scalars; FerretDB v1 does not enforce uniqueness on array fields.)
reviewSchema.index({ productId: 1, authorId: 1 }, { unique: true });
reviewSchema.index({ authorId: 1, createdAt: -1 });

/** Raised when the customer has already reviewed the product. */
export class DuplicateReviewError extends Error {}

/** The fields ordering and rating need, without the (up to 5000 character) body. */
export type ReviewRankKey = Pick<Review, 'id' | 'productId' | 'authorId' | 'rating' | 'createdAt'>;

export type ReviewOwner = 'productId' | 'authorId';

const toReview = ({ _id, ...rest }: ReviewDocument): Review => ({ id: _id, ...rest });

export async function createReviewStore(connection: Connection) {
  const Reviews = modelOn(connection, 'Review', reviewSchema);
  await Reviews.init(); // builds indexes before the first write relies on them

  return {
    /** Reviews by id in the order of `ids`, `undefined` where none exists. One equality query per id. */
    async findByIds(ids: readonly string[]): Promise<(Review | undefined)[]> {
      const byId = await lookupEach(ids, (id) => Reviews.findOne({ _id: id }).lean<ReviewDocument>());
      return ids.map((id) => {
        const doc = byId.get(id);
        return doc ? toReview(doc) : undefined;
      });
    },

    async insert(review: Review): Promise<void> {
      const { id, ...rest } = review;
      try {
        await Reviews.create({ _id: id, ...rest });
      } catch (err) {
        if (isDuplicateKey(err)) throw new DuplicateReviewError('already reviewed');
        throw err;
      }
    },

    /** Deletes a review; false when it was already gone. */
    async remove(id: string): Promise<boolean> {
      const { deletedCount } = await Reviews.deleteOne({ _id: id });
      return deletedCount > 0;
    },

    /**
     * Ranking keys of every review of several products (or authors), one equality query per
     * owner. A page per owner cannot be cut in the database on FerretDB v1 (no
     * $setWindowFields, $topN or $push), so the pages are cut from these small rows in the app.
     */
    async rankKeysOf(owner: ReviewOwner, ownerIds: readonly string[]): Promise<ReviewRankKey[]> {
      const byOwner = await lookupEach(ownerIds, (ownerId) =>
        Reviews.find({ [owner]: ownerId }, { _id: 1, productId: 1, authorId: 1, rating: 1, createdAt: 1 })
          .batchSize(ONE_BATCH)
          .lean<Pick<ReviewDocument, '_id' | 'productId' | 'authorId' | 'rating' | 'createdAt'>[]>(),
      );
      return [...byOwner.values()].flat().map(({ _id, ...rest }) => ({ id: _id, ...rest }));
    },

    /**
     * Review counts per rating for several products, one aggregate per product (a leading
     * equality $match is pushed down by FerretDB v1). Averages are left to the caller:
     * FerretDB v1 implements $sum but not $avg, $min or $max.
     */
    async ratingCounts(productIds: readonly string[]): Promise<Map<string, RatingBucket[]>> {
      const byProduct = await lookupEach(productIds, async (productId) => {
        const rows = await Reviews.aggregate<{ _id: number; count: number }>(
          [{ $match: { productId } }, { $group: { _id: '$rating', count: { $sum: 1 } } }],
          { batchSize: ONE_BATCH },
        );
        return rows.map(({ _id, count }) => ({ rating: _id, count }));
      });
      // Products without reviews stay absent, as before.
      return new Map([...byProduct].filter(([, buckets]) => buckets.length > 0));
    },

    /** Marks the customer's reviews of these products as verified purchases; returns how many matched. */
    async markVerified(authorId: string, productIds: readonly string[]): Promise<number> {
      // authorId and verifiedPurchase are pushed down by FerretDB v1; the $in is then checked
      // on that author's unverified reviews only.
      // Setting a constant is safe to repeat and safe under FerretDB's non-atomic updates
      // (concurrent writers of the same value cannot lose anything; nothing else changes a review).
      const { matchedCount } = await Reviews.updateMany(
        { authorId, productId: { $in: [...productIds] }, verifiedPurchase: false },
        { $set: { verifiedPurchase: true } },
      );
      return matchedCount;
    },
  };
}
export type ReviewStore = Awaited<ReturnType<typeof createReviewStore>>;
