import { Schema, type mongo } from 'mongoose';
import type { EventEnvelope } from '@commerce/events';
import { lookupEach, type Logger, type MongoLocks } from '@commerce/service-kit';
import { priceRange, type Product } from '../domain/product.ts';

// How a Product is kept in the products collection (with its outbox), and the skus collection.

export interface ProductDocument extends Omit<Product, 'id'> {
  _id: string;
  // Derived from the variants on every write, for price filters and sorting.
  priceMin: number | null;
  priceMax: number | null;
  sortPrice: number;
  /**
   * The ids of `variants`, for lookups by variant id: FerretDB v1 pushes equality on a
   * top-level array of strings down to PostgreSQL, but reads the whole collection for a
   * path into an array of documents such as `variants.id`.
   */
  variantIds: string[];
  /** Events written with the state they describe, moved to Kafka by the outbox relay. */
  outbox: EventEnvelope[];
  /**
   * True while `outbox` may hold events: the relay finds pending documents by this flag,
   * since FerretDB cannot push an array-length filter down to its backend (a full scan).
   */
  outboxPending: boolean;
}

const money = new Schema({ amount: { type: Number, required: true }, currency: { type: String, required: true } }, { _id: false });
const nameValue = new Schema({ name: String, value: String }, { _id: false });
export const productSchema = new Schema<ProductDocument>(
  {
    _id: { type: String, required: true },
    slug: { type: String, required: true, unique: true },
    name: { type: String, required: true },
    description: { type: String, default: '' },
    brand: { type: String, default: null },
    categoryId: { type: String, default: null },
    tags: { type: [String], default: [] },
    attributes: { type: [nameValue], default: [] },
    media: { type: [new Schema({ url: String, altText: String, kind: String }, { _id: false })], default: [] },
    status: { type: String, required: true },
    variants: {
      type: [
        new Schema(
          {
            id: { type: String, required: true },
            sku: { type: String, required: true },
            options: { type: [nameValue], default: [] },
            price: { type: money, required: true },
            compareAtPrice: { type: money, default: null },
            weightGrams: { type: Number, default: null },
          },
          { _id: false },
        ),
      ],
      default: [],
    },
    createdById: { type: String, required: true },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
    deletedAt: { type: Date, default: null },
    version: { type: Number, required: true },
    priceMin: { type: Number, default: null },
    priceMax: { type: Number, default: null },
    sortPrice: { type: Number, required: true },
    variantIds: { type: [String], default: [] },
    outbox: { type: Schema.Types.Mixed, default: [] },
    outboxPending: { type: Boolean, default: false },
  },
  { collection: 'products', versionKey: false, minimize: false },
);
productSchema.index({ variantIds: 1 });
productSchema.index({ categoryId: 1, _id: -1 });
productSchema.index({ sortPrice: 1, _id: 1 });
productSchema.index({ name: 1, _id: 1 });
productSchema.index({ outboxPending: 1 });

/** Which product owns a SKU: SKUs are unique across products (an array index cannot enforce that here). */
export const skuSchema = new Schema<{ _id: string; productId: string }>(
  { _id: { type: String, required: true }, productId: { type: String, required: true } },
  { collection: 'skus', versionKey: false },
);

// Products without a price sort after every priced one in either direction of the price sorts.
export const NO_PRICE = Number.MAX_SAFE_INTEGER;

const variantIdsOf = (variants: readonly Pick<Product['variants'][number], 'id'>[] | undefined) => (variants ?? []).map((v) => v.id);

export function toDocument(product: Product, outbox: EventEnvelope[]): ProductDocument {
  const { id, ...rest } = product;
  const range = priceRange(product);
  return {
    _id: id,
    ...rest,
    priceMin: range?.min.amount ?? null,
    priceMax: range?.max.amount ?? null,
    sortPrice: range?.min.amount ?? NO_PRICE,
    variantIds: variantIdsOf(product.variants),
    outbox,
    outboxPending: outbox.length > 0,
  };
}

export function toProduct(doc: ProductDocument): Product {
  const {
    _id,
    priceMin: _min,
    priceMax: _max,
    sortPrice: _sort,
    variantIds: _variantIds,
    outbox: _outbox,
    outboxPending: _pending,
    ...rest
  } = doc;
  return { id: _id, ...rest };
}

export const PUBLIC_FIELDS = { variantIds: 0, outbox: 0, outboxPending: 0 } as const;

/** The lock every writer of a product holds (FerretDB's own updates are not isolated, see createMongoLocks). */
export const productLock = (id: string) => `product:${id}`;

/**
 * Gives `variantIds` to documents written before the field existed, so that no product goes
 * missing from lookups by variant id. A full scan, once at start (FerretDB cannot push
 * `$exists` down); each document is then written under its lock and only if no save came
 * in between (the version), so a concurrent write is never undone.
 */
export async function backfillVariantIds(raw: mongo.Collection<ProductDocument>, locks: MongoLocks, logger: Logger | undefined): Promise<number> {
  const missing = await raw
    .find({ variantIds: { $exists: false } }, { projection: { variants: 1, version: 1 } })
    .toArray();
  let filled = 0;
  await lookupEach(missing, (doc) =>
    locks.withLock(productLock(doc._id), async () => {
      const result = await raw.updateOne(
        { _id: doc._id, version: doc.version, variantIds: { $exists: false } },
        { $set: { variantIds: variantIdsOf(doc.variants) } },
      );
      filled += result.modifiedCount;
    }),
  );
  // A document saved meanwhile got its variantIds from that save.
  if (missing.length > 0) logger?.info({ filled, found: missing.length }, 'back-filled variantIds of products written before the field');
  return filled;
}
