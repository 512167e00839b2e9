import { Schema, type Connection } from 'mongoose';
import { newId } from '@commerce/service-kit';
import type { CreateProductInput, Product } from '../domain/product.ts';

interface ProductDocument {
  _id: string;
  name: string;
  slug: string;
  createdById: string;
  createdAt: Date;
}

const productSchema = new Schema<ProductDocument>(
  {
    _id: { type: String, required: true },
    name: { type: String, required: true },
    slug: { type: String, required: true, unique: true },
    createdById: { type: String, required: true },
    createdAt: { type: Date, required: true },
  },
  { collection: 'products', versionKey: false },
);
productSchema.index({ createdAt: -1, _id: -1 });

/** Raised when a unique index (e.g. the slug) is already taken. */
export class DuplicateError extends Error {}

const toProduct = ({ _id, ...rest }: ProductDocument): Product => ({ id: _id, ...rest });

export async function createProductStore(connection: Connection) {
  const Products = connection.model<ProductDocument>('Product', productSchema);
  await Products.init(); // builds indexes before the first write relies on them
  return {
    /** Products by id, in the order of `ids`, `undefined` where none exists. */
    async findByIds(ids: readonly string[]): Promise<(Product | undefined)[]> {
      const docs = await Products.find({ _id: { $in: [...ids] } }).lean<ProductDocument[]>();
      const byId = new Map(docs.map((doc) => [doc._id, toProduct(doc)]));
      return ids.map((id) => byId.get(id));
    },

    async list(limit: number): Promise<Product[]> {
      if (limit === 0) return [];
      const docs = await Products.find().sort({ createdAt: -1, _id: -1 }).limit(limit).lean<ProductDocument[]>();
      return docs.map(toProduct);
    },

    async create(input: CreateProductInput): Promise<Product> {
      const doc: ProductDocument = { _id: newId('prd'), ...input, createdAt: new Date() };
      try {
        await Products.create(doc);
      } catch (err) {
        if ((err as { code?: number }).code === 11000) throw new DuplicateError('duplicate');
        throw err;
      }
      return toProduct(doc);
    },
  };
}
export type ProductStore = Awaited<ReturnType<typeof createProductStore>>;
