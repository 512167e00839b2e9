import { Schema, type Connection } from 'mongoose';
import { isDuplicateKeyError } from '@commerce/service-kit';
import type { Category } from '../domain/category.ts';

interface CategoryDocument extends Omit<Category, 'id'> {
  _id: string;
}

const categorySchema = new Schema<CategoryDocument>(
  {
    _id: { type: String, required: true },
    slug: { type: String, required: true, unique: true },
    name: { type: String, required: true },
    parentId: { type: String, default: null },
    ancestors: { type: [String], default: [] },
    createdAt: { type: Date, required: true },
  },
  { collection: 'categories', versionKey: false },
);
categorySchema.index({ parentId: 1, name: 1 });
categorySchema.index({ ancestors: 1 });

export class DuplicateCategorySlugError extends Error {}

const toCategory = ({ _id, ...rest }: CategoryDocument): Category => ({ id: _id, ...rest });

export async function createCategoryStore(connection: Connection) {
  const Categories = connection.model<CategoryDocument>('Category', categorySchema);
  await Categories.init();

  const translateDuplicate = (err: unknown): never => {
    if (isDuplicateKeyError(err)) throw new DuplicateCategorySlugError('duplicate slug');
    throw err;
  };

  return {
    // Categories are few (130 locally), so FerretDB's full scan for a batch's $in costs about
    // what one equality query per key would (6 ms against 5 to 23 ms for 1 to 50 keys).
    async findByIds(ids: readonly string[]): Promise<(Category | undefined)[]> {
      const docs = await Categories.find({ _id: { $in: [...ids] } }).lean<CategoryDocument[]>();
      const byId = new Map(docs.map((doc) => [doc._id, toCategory(doc)]));
      return ids.map((id) => byId.get(id));
    },

    async findBySlug(slug: string): Promise<Category | undefined> {
      const doc = await Categories.findOne({ slug }).lean<CategoryDocument>();
      return doc ? toCategory(doc) : undefined;
    },

    /** Children of several categories (by name), grouped in the order of `parentIds`. */
    async childrenOf(parentIds: readonly string[]): Promise<Category[][]> {
      const docs = await Categories.find({ parentId: { $in: [...parentIds] } }).sort({ name: 1, _id: 1 }).lean<CategoryDocument[]>();
      return parentIds.map((id) => docs.filter((doc) => doc.parentId === id).map(toCategory));
    },

    async roots(): Promise<Category[]> {
      return (await Categories.find({ parentId: null }).sort({ name: 1, _id: 1 }).lean<CategoryDocument[]>()).map(toCategory);
    },

    /** The category and all its descendants. */
    async subtreeIds(id: string): Promise<string[]> {
      // Two equality queries rather than one $or, which FerretDB v1 would answer with a full scan.
      const [self, descendants] = await Promise.all([
        Categories.findOne({ _id: id }, { _id: 1 }).lean<{ _id: string }>(),
        Categories.find({ ancestors: id }, { _id: 1 }).lean<{ _id: string }[]>(),
      ]);
      return [...(self ? [self] : []), ...descendants].map((doc) => doc._id);
    },

    async descendants(id: string): Promise<Category[]> {
      return (await Categories.find({ ancestors: id }).lean<CategoryDocument[]>()).map(toCategory);
    },

    async insert(category: Category): Promise<void> {
      const { id, ...rest } = category;
      await Categories.create({ _id: id, ...rest }).catch(translateDuplicate);
    },

    async update(id: string, patch: Partial<Omit<Category, 'id' | 'createdAt'>>): Promise<void> {
      await Categories.updateOne({ _id: id }, { $set: patch }).catch(translateDuplicate);
    },

    async hasChildren(id: string): Promise<boolean> {
      return (await Categories.countDocuments({ parentId: id })) > 0;
    },

    async remove(id: string): Promise<boolean> {
      return (await Categories.deleteOne({ _id: id })).deletedCount === 1;
    },
  };
}
export type CategoryStore = Awaited<ReturnType<typeof createCategoryStore>>;
