import { Schema, type Connection } from 'mongoose';
import type { EventEnvelope } from '@commerce/events';
import { PRODUCT_STATUSES, type KnownProduct, type ProductStatus } from '../domain/product.ts';
import type { PublishedRating } from '../domain/rating.ts';
import { expectWritten, isDuplicateKey, modelOn } from './models.ts';

/** The catalog's products as far as reviews needs them; written only by catalog.events. */
interface ProductDocument {
  _id: string;
  status: ProductStatus | null;
  deleted: boolean;
  /** occurredAt of the newest event applied, so an older event never overwrites a newer one. */
  lastEventAt: Date;
  /** The rating last published in ProductRatingChanged (absent before the first). */
  ratingVersion?: number;
  ratingAverage?: number | null;
  ratingCount?: number;
  /** Raised before a review of the product is written, lowered once its rating is published: a sweeper finishes what a crash left. */
  ratingDirty?: boolean;
  /** ProductRatingChanged events written with the rating they describe, moved to Kafka by the outbox relay. */
  outbox?: EventEnvelope[];
  outboxPending?: boolean;
}

/** The collection the outbox relay reads (documents carry `outbox` and `outboxPending`). */
export const PRODUCTS_COLLECTION = 'products';

const productSchema = new Schema<ProductDocument>(
  {
    _id: { type: String, required: true },
    status: { type: String, enum: PRODUCT_STATUSES },
    deleted: { type: Boolean, required: true },
    lastEventAt: { type: Date, required: true },
    ratingVersion: { type: Number },
    ratingAverage: { type: Number },
    ratingCount: { type: Number },
    ratingDirty: { type: Boolean },
    outbox: { type: Schema.Types.Mixed },
    outboxPending: { type: Boolean },
  },
  { collection: PRODUCTS_COLLECTION, versionKey: false },
);
productSchema.index({ outboxPending: 1 });
productSchema.index({ ratingDirty: 1 });

/** The lock every writer of a product's rating holds; the relay holds it while it removes published events. */
export const ratingLock = (productId: string) => `rating:${productId}`;

export type SnapshotOutcome = 'applied' | 'stale';

export async function createProductStore(connection: Connection) {
  const Products = modelOn(connection, 'KnownProduct', productSchema);
  await Products.init();
  const raw = connection.db!.collection<ProductDocument>(PRODUCTS_COLLECTION);

  return {
    async findById(id: string): Promise<KnownProduct | undefined> {
      const doc = await Products.findById(id).lean<ProductDocument>();
      // A product first seen through ProductDeleted has no status field (see markDeleted).
      return doc ? { id: doc._id, status: doc.status ?? null, deleted: doc.deleted === true } : undefined;
    },

    /**
     * Upserts the product's status from a ProductCreated/ProductUpdated snapshot, unless the
     * product is deleted or a newer event was applied. Those cases fail the filter, so the
     * upsert tries to insert the existing _id and gets E11000: that is the "stale" answer,
     * decided atomically by the unique _id rather than by a read before the write.
     */
    async applySnapshot(productId: string, status: ProductStatus, occurredAt: Date): Promise<SnapshotOutcome> {
      try {
        const result = await Products.updateOne(
          { _id: productId, deleted: { $ne: true }, lastEventAt: { $lte: occurredAt } },
          { $set: { status, lastEventAt: occurredAt }, $setOnInsert: { deleted: false } },
          { upsert: true },
        );
        expectWritten(result, `product ${productId}`);
        return 'applied';
      } catch (err) {
        if (isDuplicateKey(err)) return 'stale';
        throw err;
      }
    },

    /** What the last ProductRatingChanged of the product said (version 0: none yet). */
    async publishedRating(productId: string): Promise<PublishedRating> {
      const doc = await Products.findById(productId, { ratingVersion: 1, ratingAverage: 1, ratingCount: 1 }).lean<ProductDocument>();
      return { ratingVersion: doc?.ratingVersion ?? 0, average: doc?.ratingAverage ?? null, count: doc?.ratingCount ?? 0 };
    },

    /** Flags the product's rating as about to change (before a review is written or removed). */
    async markRatingDirty(productId: string): Promise<void> {
      await raw.updateOne({ _id: productId }, { $set: { ratingDirty: true } });
    },

    /**
     * Saves the published rating and its event in one single-document update (the outbox);
     * with no event, only lowers the dirty flag. The caller holds ratingLock(productId).
     */
    async saveRating(productId: string, change: { next: PublishedRating; event: EventEnvelope } | undefined): Promise<void> {
      // Through the driver: mongoose would cast the envelope in the outbox array.
      if (!change) {
        await raw.updateOne({ _id: productId }, { $set: { ratingDirty: false } });
        return;
      }
      const result = await raw.updateOne(
        { _id: productId },
        {
          $set: {
            ratingVersion: change.next.ratingVersion,
            ratingAverage: change.next.average,
            ratingCount: change.next.count,
            ratingDirty: false,
            outboxPending: true,
          },
          $push: { outbox: change.event },
        },
      );
      expectWritten(result, `product ${productId}`);
    },

    /** Products whose rating change a crash may have left unpublished. */
    async dirtyRatings(limit: number): Promise<string[]> {
      const docs = await Products.find({ ratingDirty: true }, { _id: 1 }).limit(limit).lean<{ _id: string }[]>();
      return docs.map((doc) => doc._id);
    },

    /** Deleted is final: later snapshots of the product are refused by applySnapshot. */
    async markDeleted(productId: string, occurredAt: Date): Promise<void> {
      // No `$setOnInsert: { status: null }`: FerretDB v1 silently drops null values there.
      const update = { $set: { deleted: true }, $max: { lastEventAt: occurredAt } };
      try {
        expectWritten(await Products.updateOne({ _id: productId }, update, { upsert: true }), `product ${productId}`);
      } catch (err) {
        // Another delivery inserted it between our match and insert; now it matches.
        if (!isDuplicateKey(err)) throw err;
        expectWritten(await Products.updateOne({ _id: productId }, update), `product ${productId}`);
      }
    },
  };
}
export type ProductStore = Awaited<ReturnType<typeof createProductStore>>;
