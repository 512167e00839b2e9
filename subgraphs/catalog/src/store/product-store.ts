import { Schema, type Connection, type mongo } from 'mongoose';
import type { EventEnvelope } from '@commerce/events';
import { isDuplicateKeyError, lookupEach, type Logger, type MongoLocks } from '@commerce/service-kit';
import { priceRange, type Change, type Product, type ProductStatus } from '../domain/product.ts';
import { SORT_KEYS, type Cursor, type ProductSort } from '../domain/paging.ts';

/** Raised when the slug is taken. */
export class DuplicateSlugError extends Error {}
/** Raised when a SKU belongs to another product. */
export class DuplicateSkuError extends Error {
  constructor(readonly sku: string) {
    super(`SKU ${sku} is taken`);
  }
}

interface ProductDocument extends Omit<Product, 'id'> {
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
const productSchema = new Schema<ProductDocument>(
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
const skuSchema = new Schema<{ _id: string; productId: string }>(
  { _id: { type: String, required: true }, productId: { type: String, required: true } },
  { collection: 'skus', versionKey: false },
);

// Products without a price sort after every priced one in either direction of the price sorts.
const NO_PRICE = Number.MAX_SAFE_INTEGER;

const variantIdsOf = (variants: readonly Pick<Product['variants'][number], 'id'>[] | undefined) => (variants ?? []).map((v) => v.id);

function toDocument(product: Product, outbox: EventEnvelope[]): ProductDocument {
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

function toProduct(doc: ProductDocument): Product {
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

export interface ProductFilter {
  statuses: ProductStatus[];
  categoryIds?: string[] | undefined;
  brand?: string | undefined;
  tags?: string[] | undefined;
  /** Products whose price range overlaps [minPrice, maxPrice] (minor units). */
  minPrice?: number | undefined;
  maxPrice?: number | undefined;
}

export interface ProductPage {
  nodes: Product[];
  hasNextPage: boolean;
  totalCount: number;
  cursorOf: (product: Product) => Cursor;
}

const PUBLIC_FIELDS = { variantIds: 0, outbox: 0, outboxPending: 0 } as const;

/** The lock every writer of a product holds (FerretDB's own updates are not isolated, see createMongoLocks). */
export const productLock = (id: string) => `product:${id}`;

/**
 * Gives `variantIds` to documents written before the field existed, so that no product goes
 * missing from lookups by variant id. A full scan, once at start (FerretDB cannot push
 * `$exists` down); each document is then written under its lock and only if no save came
 * in between (the version), so a concurrent write is never undone.
 */
async function backfillVariantIds(raw: mongo.Collection<ProductDocument>, locks: MongoLocks, logger: Logger | undefined): Promise<number> {
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

export async function createProductStore(connection: Connection, locks: MongoLocks, logger?: Logger) {
  const Products = connection.model<ProductDocument>('Product', productSchema);
  const Skus = connection.model('Sku', skuSchema);
  await Promise.all([Products.init(), Skus.init()]);
  // Writes go through the driver: mongoose would cast the events in the outbox array.
  const raw = connection.db!.collection<ProductDocument>('products');
  await backfillVariantIds(raw, locks, logger);

  /** Claims SKUs for a product; a SKU left behind by a deleted or changed product is reclaimed. */
  async function claimSkus(skus: string[], productId: string): Promise<void> {
    if (skus.length === 0) return;
    const owners = await productIdsBySku(skus);
    const fresh = skus.filter((sku) => !owners.has(sku));
    if (fresh.length > 0) {
      try {
        await Skus.insertMany(fresh.map((sku) => ({ _id: sku, productId })), { ordered: true });
      } catch (err) {
        if (isDuplicateKeyError(err)) {
          await releaseSkus(fresh, productId);
          throw new DuplicateSkuError(fresh[0]!);
        }
        throw err;
      }
    }
    for (const [sku, owner] of owners) {
      if (owner === productId) continue;
      const reclaimed = await locks.withLock(`sku:${sku}`, async () => {
        const holder = await Products.findOne({ _id: owner, deletedAt: null, 'variants.sku': sku }, { _id: 1 }).lean();
        return !holder && (await Skus.updateOne({ _id: sku, productId: owner }, { $set: { productId } })).modifiedCount === 1;
      });
      if (!reclaimed) {
        await releaseSkus(fresh, productId);
        throw new DuplicateSkuError(sku);
      }
    }
  }

  async function releaseSkus(skus: string[], productId: string): Promise<void> {
    if (skus.length > 0) await Skus.deleteMany({ _id: { $in: skus }, productId });
  }

  async function productIdsBySku(skus: readonly string[]): Promise<Map<string, string>> {
    const owners = await lookupEach(skus, (sku) => Skus.findOne({ _id: sku }).lean());
    return new Map([...owners.values()].flatMap((doc) => (doc ? [[doc._id, doc.productId] as const] : [])));
  }

  const live = { deletedAt: null };

  return {
    /** Products by id (deleted ones count as missing), in the order of `ids`. */
    async findByIds(ids: readonly string[]): Promise<(Product | undefined)[]> {
      const byId = await lookupEach(ids, (id) => Products.findOne({ _id: id, ...live }, PUBLIC_FIELDS).lean<ProductDocument>());
      return ids.map((id) => {
        const doc = byId.get(id);
        return doc ? toProduct(doc) : undefined;
      });
    },

    async findBySlug(slug: string): Promise<Product | undefined> {
      const doc = await Products.findOne({ slug, ...live }, PUBLIC_FIELDS).lean<ProductDocument>();
      return doc ? toProduct(doc) : undefined;
    },

    /** The product holding each variant id, in the order of `variantIds`. */
    async findByVariantIds(variantIds: readonly string[]): Promise<(Product | undefined)[]> {
      const byVariant = await lookupEach(variantIds, (id) =>
        Products.findOne({ variantIds: id, ...live }, PUBLIC_FIELDS).lean<ProductDocument>(),
      );
      return variantIds.map((id) => {
        const doc = byVariant.get(id);
        return doc ? toProduct(doc) : undefined;
      });
    },

    /** Which live product owns each SKU. */
    productIdsBySku,

    async list(filter: ProductFilter, sort: ProductSort, first: number, after: Cursor | undefined): Promise<ProductPage> {
      const { field, direction } = SORT_KEYS[sort];
      // FerretDB v1 pushes top-level equalities (with one value, or one element of an array
      // field) down to PostgreSQL; the conditions under $and are checked on what comes back.
      const pushed: Record<string, unknown> = { ...live };
      const conditions: Record<string, unknown>[] = [];
      const oneOf = (key: string, values: readonly string[]) => {
        if (values.length === 1) pushed[key] = values[0];
        else conditions.push({ [key]: { $in: values } });
      };
      oneOf('status', filter.statuses);
      if (filter.categoryIds) oneOf('categoryId', filter.categoryIds);
      if (filter.brand) pushed.brand = filter.brand;
      if (filter.tags?.length) {
        pushed.tags = filter.tags[0];
        if (filter.tags.length > 1) conditions.push({ tags: { $all: filter.tags } });
      }
      if (filter.minPrice !== undefined) conditions.push({ priceMax: { $gte: filter.minPrice } });
      if (filter.maxPrice !== undefined) conditions.push({ priceMin: { $lte: filter.maxPrice } });
      const where = () => (conditions.length > 0 ? { ...pushed, $and: [...conditions] } : { ...pushed });
      const totalCount = await Products.countDocuments(where());
      if (after) {
        const beyond = direction === 1 ? '$gt' : '$lt';
        conditions.push(
          field === '_id'
            ? { _id: { [beyond]: after.id } }
            : { $or: [{ [field]: { [beyond]: after.key } }, { [field]: after.key, _id: { [beyond]: after.id } }] },
        );
      }
      const docs =
        first === 0
          ? []
          : await Products.find(where(), PUBLIC_FIELDS)
              .sort(field === '_id' ? { _id: direction } : { [field]: direction, _id: direction })
              .limit(first + 1)
              .lean<ProductDocument[]>();
      const keyOf = (product: Product): string | number =>
        field === '_id' ? product.id : field === 'name' ? product.name : (priceRange(product)?.min.amount ?? NO_PRICE);
      return {
        nodes: docs.slice(0, first).map(toProduct),
        hasNextPage: docs.length > first,
        totalCount,
        cursorOf: (product) => ({ sort, key: keyOf(product), id: product.id }),
      };
    },

    /** Inserts a new product with its events; SKUs and slug must be free. */
    async insert(change: Change): Promise<void> {
      const { product } = change;
      await claimSkus(product.variants.map((v) => v.sku), product.id);
      try {
        await raw.insertOne(toDocument(product, change.events));
      } catch (err) {
        await releaseSkus(product.variants.map((v) => v.sku), product.id);
        if (isDuplicateKeyError(err)) throw new DuplicateSlugError(product.slug);
        throw err;
      }
    },

    /**
     * Saves a change if nobody else saved the product since `before` was read (compare and
     * set on the version); the events ride in the same single-document write. Resolves to
     * false on a concurrent change, so the caller reloads and tries again.
     */
    async save(before: Product, change: Change): Promise<boolean> {
      if (change.events.length === 0 && change.product === before) return true;
      const { product } = change;
      const oldSkus = new Set(before.variants.map((v) => v.sku));
      const newSkus = new Set(product.variants.map((v) => v.sku));
      const added = [...newSkus].filter((sku) => !oldSkus.has(sku));
      await claimSkus(added, product.id);
      // The flag is only ever raised here; the relay lowers it once the outbox is empty.
      const { outbox: _outbox, outboxPending: _pending, _id, ...fields } = toDocument(product, []);
      let saved: boolean;
      try {
        const result = await raw.updateOne(
          { _id: product.id, version: before.version },
          { $set: change.events.length > 0 ? { ...fields, outboxPending: true } : fields, $push: { outbox: { $each: change.events } } },
        );
        saved = result.matchedCount === 1;
      } catch (err) {
        await releaseSkus(added, product.id);
        if (isDuplicateKeyError(err)) throw new DuplicateSlugError(product.slug);
        throw err;
      }
      if (!saved) {
        await releaseSkus(added, product.id);
        return false;
      }
      const removed = [...oldSkus].filter((sku) => !newSkus.has(sku) || product.deletedAt);
      await releaseSkus(removed, product.id);
      return true;
    },

    async countInCategory(categoryId: string): Promise<number> {
      return Products.countDocuments({ categoryId, ...live });
    },

    /** The collection whose documents carry the outbox, for the relay. */
    collectionName: 'products',
  };
}
export type ProductStore = Awaited<ReturnType<typeof createProductStore>>;
