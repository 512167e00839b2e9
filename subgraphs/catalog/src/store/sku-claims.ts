import type { Model } from 'mongoose';
import { isDuplicateKeyError, lookupEach, type MongoLocks } from '@commerce/service-kit';
import type { ProductDocument } from './product-documents.ts';

/** Raised when a SKU belongs to another product. */
export class DuplicateSkuError extends Error {
  constructor(readonly sku: string) {
    super(`SKU ${sku} is taken`);
  }
}

/** Which product owns each SKU (the skus collection): SKUs are unique across products, which an array index cannot enforce here. */
export function createSkuClaims(Skus: Model<{ _id: string; productId: string }>, Products: Model<ProductDocument>, locks: MongoLocks) {
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

  return { claimSkus, releaseSkus, productIdsBySku };
}
