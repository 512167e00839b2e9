import type { Connection } from 'mongoose';
import { isDuplicateKeyError, lookupEach, type Logger, type MongoLocks } from '@commerce/service-kit';
import { priceRange, type Change, type Product, type ProductStatus } from '../domain/product.ts';
import { SORT_KEYS, type Cursor, type ProductSort } from '../domain/paging.ts';
import {
  NO_PRICE,
  PUBLIC_FIELDS,
  backfillVariantIds,
  productSchema,
  skuSchema,
  toDocument,
  toProduct,
  type ProductDocument,
} from './product-documents.ts';
import { createSkuClaims } from './sku-claims.ts';

export { productLock } from './product-documents.ts';
export { DuplicateSkuError } from './sku-claims.ts';

/** Raised when the slug is taken. */
export class DuplicateSlugError extends Error {}

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

export async function createProductStore(connection: Connection, locks: MongoLocks, logger?: Logger) {
  const Products = connection.model<ProductDocument>('Product', productSchema);
  const Skus = connection.model('Sku', skuSchema);
  await Promise.all([Products.init(), Skus.init()]);
  // Writes go through the driver: mongoose would cast the events in the outbox array.
  const raw = connection.db!.collection<ProductDocument>('products');
  await backfillVariantIds(raw, locks, logger);
  const { claimSkus, releaseSkus, productIdsBySku } = createSkuClaims(Skus, Products, locks);

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
