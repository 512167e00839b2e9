import { Schema, type Connection } from 'mongoose';
import { PRODUCT_STATUSES, type KnownProduct, type ProductStatus } from '../domain/product.ts';
import { expectWritten, isDuplicateKey, modelOn } from './models.ts';

/** The catalog's products as far as reviews needs them; written only by catalog.events. */
interface ProductDocument {
  _id: string;
  status: ProductStatus | null;
  deleted: boolean;
  /** occurredAt of the newest event applied, so an older event never overwrites a newer one. */
  lastEventAt: Date;
}

const productSchema = new Schema<ProductDocument>(
  {
    _id: { type: String, required: true },
    status: { type: String, enum: PRODUCT_STATUSES },
    deleted: { type: Boolean, required: true },
    lastEventAt: { type: Date, required: true },
  },
  { collection: 'products', versionKey: false },
);

export type SnapshotOutcome = 'applied' | 'stale';

export async function createProductStore(connection: Connection) {
  const Products = modelOn(connection, 'KnownProduct', productSchema);
  await Products.init();

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
