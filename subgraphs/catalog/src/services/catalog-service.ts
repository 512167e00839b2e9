import { conflict, newId, notFound, parseInput, requireRole, userError } from '@commerce/service-kit';
import { ancestorsUnder, checkMove, rebase, type Category } from '../domain/category.ts';
import { CatalogError } from '../domain/errors.ts';
import * as domain from '../domain/product.ts';
import { categoryInput, updateCategoryInput } from '../domain/validation.ts';
import { DuplicateCategorySlugError } from '../store/category-store.ts';
import { DuplicateSkuError, DuplicateSlugError, productLock } from '../store/product-store.ts';
import type { Context } from '../context.ts';

/** Turns store and domain failures into the coded errors clients see. */
async function coded<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof CatalogError) throw userError(err.code, err.message);
    if (err instanceof DuplicateSlugError) throw conflict('Another product already has this slug.');
    if (err instanceof DuplicateSkuError) throw conflict(`SKU ${err.sku} already belongs to another product.`);
    if (err instanceof DuplicateCategorySlugError) throw conflict('Another category already has this slug.');
    throw err;
  }
}

const MAX_ATTEMPTS = 5;

/**
 * Read, change, compare-and-set, under the product's lock (the MongoDB-wire server's own
 * updates are not isolated, see createMongoLocks). Resolves to the saved change.
 */
async function mutate(ctx: Context, productId: string | undefined, change: (p: domain.Product) => domain.Change) {
  if (!productId) throw notFound('No product has this id.');
  return ctx.locks.withLock(productLock(productId), async () => {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const [product] = await ctx.products.findByIds([productId]);
      if (!product) throw notFound('No product has this id.');
      const next = change(product);
      if (await ctx.products.save(product, next)) {
        if (next.events.length > 0) ctx.eventsWritten();
        return next;
      }
    }
    throw conflict('The product is being changed by someone else right now; try again.');
  });
}

const productOfVariant = async (ctx: Context, variantId: string) => {
  const [product] = await ctx.products.findByVariantIds([variantId]);
  if (!product) throw notFound('No variant has this id.');
  return product.id;
};

async function requireCategory(ctx: Context, categoryId: string | null | undefined) {
  if (categoryId && !(await ctx.loaders.category.load(categoryId))) throw notFound('No category has this id.');
}

const newVariant = (fields: domain.VariantFields): domain.Variant => ({ id: newId('var'), ...fields });

export function createProduct(ctx: Context, rawInput: unknown) {
  const admin = requireRole(ctx.viewer, 'ADMIN');
  const { variants, ...fields } = parseInput(ctx.inputs.createProduct, rawInput);
  return coded(async () => {
    await requireCategory(ctx, fields.categoryId);
    const change = domain.createProduct(fields, variants.map(newVariant), {
      id: newId('prd'),
      createdById: admin.id,
      now: new Date(),
      correlationId: ctx.correlationId,
    });
    await ctx.products.insert(change);
    ctx.eventsWritten();
    return change.product;
  });
}

export function updateProduct(ctx: Context, id: string, rawInput: unknown) {
  requireRole(ctx.viewer, 'ADMIN');
  const patch = parseInput(ctx.inputs.updateProduct, rawInput) as Partial<domain.ProductFields>;
  return coded(async () => {
    await requireCategory(ctx, patch.categoryId);
    return (await mutate(ctx, id, (p) => domain.updateProduct(p, patch, new Date(), ctx.correlationId))).product;
  });
}

export function archiveProduct(ctx: Context, id: string) {
  requireRole(ctx.viewer, 'ADMIN');
  return coded(
    async () =>
      (await mutate(ctx, id, (p) => domain.updateProduct(p, { status: 'ARCHIVED' }, new Date(), ctx.correlationId)))
        .product,
  );
}

export async function deleteProduct(ctx: Context, id: string) {
  requireRole(ctx.viewer, 'ADMIN');
  await coded(() => mutate(ctx, id, (p) => domain.deleteProduct(p, new Date(), ctx.correlationId)));
  return true;
}

export async function addVariant(ctx: Context, productId: string, rawInput: unknown) {
  requireRole(ctx.viewer, 'ADMIN');
  const variant = newVariant(parseInput(ctx.inputs.variant, rawInput));
  const { product } = await coded(() =>
    mutate(ctx, productId, (p) => domain.addVariant(p, variant, new Date(), ctx.correlationId)),
  );
  return { ...variant, product };
}

export async function updateVariant(ctx: Context, variantId: string, rawInput: unknown) {
  requireRole(ctx.viewer, 'ADMIN');
  const patch = parseInput(ctx.inputs.updateVariant, rawInput) as Partial<domain.VariantFields>;
  const { product } = await coded(async () =>
    mutate(ctx, await productOfVariant(ctx, variantId), (p) => domain.updateVariant(p, variantId, patch, new Date(), ctx.correlationId)),
  );
  return { ...product.variants.find((v) => v.id === variantId)!, product };
}

export async function removeVariant(ctx: Context, variantId: string) {
  requireRole(ctx.viewer, 'ADMIN');
  await coded(async () =>
    mutate(ctx, await productOfVariant(ctx, variantId), (p) => domain.removeVariant(p, variantId, new Date(), ctx.correlationId)),
  );
  return true;
}

/** Applies a batch of SKU prices, one compare-and-set write per product involved. */
export async function updatePrices(ctx: Context, rawUpdates: unknown) {
  requireRole(ctx.viewer, 'ADMIN');
  const updates = parseInput(ctx.inputs.priceUpdates, rawUpdates) as domain.PriceUpdate[];
  const owners = await ctx.products.productIdsBySku(updates.map((u) => u.sku));
  const notFound = updates.filter((u) => !owners.has(u.sku)).map((u) => u.sku);
  const byProduct = new Map<string, domain.PriceUpdate[]>();
  for (const update of updates) {
    const owner = owners.get(update.sku);
    if (owner) byProduct.set(owner, [...(byProduct.get(owner) ?? []), update]);
  }
  const updatedSkus: string[] = [];
  const now = new Date();
  const work = [...byProduct];
  // A few products at a time: enough to keep the database busy, bounded for fairness.
  const lanes = Array.from({ length: Math.min(8, work.length) }, async () => {
    for (let next = work.shift(); next; next = work.shift()) {
      const [productId, productUpdates] = next;
      await coded(() => mutate(ctx, productId, (p) => domain.applyPrices(p, productUpdates, now, ctx.correlationId)))
        .then((change) => {
          for (const event of change.events) if (event.eventType === 'PriceChanged') updatedSkus.push((event.data as { sku: string }).sku);
        })
        .catch((err: unknown) => {
        // A product deleted since the lookup: its SKUs count as not found.
        if ((err as { extensions?: { code?: string } }).extensions?.code !== 'NOT_FOUND') throw err;
          notFound.push(...productUpdates.map((u) => u.sku));
        });
    }
  });
  await Promise.all(lanes);
  const updated = updatedSkus.length;
  return { updated, unchanged: updates.length - notFound.length - updated, notFound, updatedSkus };
}

export function createCategory(ctx: Context, rawInput: unknown) {
  requireRole(ctx.viewer, 'ADMIN');
  const input = parseInput(categoryInput, rawInput);
  return coded(async () => {
    const parent = input.parentId ? await ctx.loaders.category.load(input.parentId) : null;
    if (input.parentId && !parent) throw notFound('No parent category has this id.');
    const category: Category = {
      id: newId('cat'),
      slug: input.slug,
      name: input.name,
      parentId: parent?.id ?? null,
      ancestors: ancestorsUnder(parent ?? null),
      createdAt: new Date(),
    };
    await ctx.categories.insert(category);
    return category;
  });
}

export function updateCategory(ctx: Context, id: string, rawInput: unknown) {
  requireRole(ctx.viewer, 'ADMIN');
  const input = parseInput(updateCategoryInput, rawInput);
  return coded(() => ctx.locks.withLock(`category:${id}`, async () => {
    const [category] = await ctx.categories.findByIds([id]);
    if (!category) throw notFound('No category has this id.');
    const patch: Partial<Category> = {};
    if (input.slug !== undefined) patch.slug = input.slug;
    if (input.name !== undefined) patch.name = input.name;
    if (input.parentId !== undefined && input.parentId !== category.parentId) {
      const parent = input.parentId ? await ctx.loaders.category.load(input.parentId) : null;
      if (input.parentId && !parent) throw notFound('No parent category has this id.');
      checkMove(category, parent ?? null);
      patch.parentId = parent?.id ?? null;
      patch.ancestors = ancestorsUnder(parent ?? null);
      for (const descendant of await ctx.categories.descendants(id)) {
        await ctx.categories.update(descendant.id, { ancestors: rebase(descendant, category, patch.ancestors) });
      }
    }
    await ctx.categories.update(id, patch);
    return { ...category, ...patch };
  }));
}

export async function deleteCategory(ctx: Context, id: string) {
  requireRole(ctx.viewer, 'ADMIN');
  if (await ctx.categories.hasChildren(id)) throw conflict('This category has subcategories; move or delete them first.');
  if ((await ctx.products.countInCategory(id)) > 0) throw conflict('Products are filed under this category; move them first.');
  if (!(await ctx.categories.remove(id))) throw notFound('No category has this id.');
  return true;
}
