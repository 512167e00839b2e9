import {
  PriceChanged,
  ProductCreated,
  ProductDeleted,
  ProductUpdated,
  newEvent,
  type EventEnvelope,
} from '@commerce/events';
import type { Money } from '@commerce/domain-kit';
import { CatalogError } from './errors.ts';

export const PRODUCT_STATUSES = ['DRAFT', 'ACTIVE', 'ARCHIVED'] as const;
export type ProductStatus = (typeof PRODUCT_STATUSES)[number];
export const MEDIA_KINDS = ['IMAGE', 'VIDEO', 'DOCUMENT'] as const;

export interface NameValue {
  name: string;
  value: string;
}

export interface Media {
  url: string;
  altText: string | null;
  kind: (typeof MEDIA_KINDS)[number];
}

export interface Variant {
  id: string;
  sku: string;
  options: NameValue[];
  price: Money;
  compareAtPrice: Money | null;
  weightGrams: number | null;
}

export interface Product {
  id: string;
  slug: string;
  name: string;
  description: string;
  brand: string | null;
  categoryId: string | null;
  tags: string[];
  attributes: NameValue[];
  media: Media[];
  status: ProductStatus;
  variants: Variant[];
  createdById: string;
  createdAt: Date;
  updatedAt: Date;
  deletedAt: Date | null;
  /** Optimistic concurrency: every write expects the version it read. */
  version: number;
}

export type ProductFields = Omit<Product, 'id' | 'variants' | 'createdById' | 'createdAt' | 'updatedAt' | 'deletedAt' | 'version'>;
export type VariantFields = Omit<Variant, 'id'>;

/** A new state and the events that describe the change, to be saved together. */
export interface Change {
  product: Product;
  events: EventEnvelope[];
}

/**
 * Whether a product shows: admins see every status; everyone else sees ACTIVE products, and
 * through an entity reference also ARCHIVED ones. An archived product was on sale once, so
 * orders, carts and reviews point at it and keep showing it; a draft never was, so a reference
 * to it (made up, or from a product taken back to draft) shows nothing.
 */
export function isVisible(status: ProductStatus, viewer: { admin: boolean; throughReference: boolean }): boolean {
  if (viewer.admin || status === 'ACTIVE') return true;
  return viewer.throughReference && status === 'ARCHIVED';
}

/** How a variant is named on a receipt: its option values, or the SKU without options. */
export function variantTitle(variant: Pick<Variant, 'options' | 'sku'>): string {
  return variant.options.length > 0 ? variant.options.map((option) => option.value).join(' / ') : variant.sku;
}

/** Lowest and highest variant price; undefined without variants. */
export function priceRange(product: Pick<Product, 'variants'>): { min: Money; max: Money } | undefined {
  const [first, ...rest] = product.variants;
  if (!first) return undefined;
  let min = first.price;
  let max = first.price;
  for (const { price } of rest) {
    if (price.amount < min.amount) min = price;
    if (price.amount > max.amount) max = price;
  }
  return { min, max };
}

/** What search indexes besides the name; the version tells newer snapshots from older ones. */
function searchable(product: Product) {
  return {
    description: product.description,
    brand: product.brand,
    categoryId: product.categoryId,
    tags: product.tags,
    productVersion: product.version,
  };
}

function snapshot(product: Product) {
  return product.variants.map((variant) => ({
    variantId: variant.id,
    sku: variant.sku,
    name: `${product.name} (${variantTitle(variant)})`,
    price: variant.price,
    weightGrams: variant.weightGrams,
  }));
}

/** Rules every saved product obeys, whatever changed it. */
function check(product: Product): void {
  if (product.status === 'ACTIVE' && product.variants.length === 0) {
    throw new CatalogError('CONFLICT', 'An active product needs at least one variant; add one or keep the product a draft.');
  }
  const skus = new Set<string>();
  for (const variant of product.variants) {
    if (skus.has(variant.sku)) throw new CatalogError('CONFLICT', `SKU ${variant.sku} appears twice in this product.`);
    skus.add(variant.sku);
    if (variant.compareAtPrice && variant.compareAtPrice.amount <= variant.price.amount) {
      throw new CatalogError('BAD_USER_INPUT', `The compare-at price of ${variant.sku} must be higher than its price.`);
    }
  }
}

export function createProduct(
  fields: ProductFields,
  variants: Variant[],
  meta: { id: string; createdById: string; now: Date; correlationId?: string | undefined },
): Change {
  const product: Product = {
    ...fields,
    id: meta.id,
    variants,
    createdById: meta.createdById,
    createdAt: meta.now,
    updatedAt: meta.now,
    deletedAt: null,
    version: 1,
  };
  check(product);
  const event = newEvent(ProductCreated, {
    aggregateId: product.id,
    correlationId: meta.correlationId,
    data: {
      productId: product.id,
      slug: product.slug,
      name: product.name,
      status: product.status,
      variants: snapshot(product),
      createdAt: meta.now.toISOString(),
      ...searchable(product),
    },
  });
  return { product, events: [event] };
}

const TRACKED: (keyof Product)[] = [
  'slug', 'name', 'description', 'brand', 'categoryId', 'tags', 'attributes', 'media', 'status', 'variants',
];

/**
 * The product after `next`, with ProductUpdated (and PriceChanged per repriced variant)
 * when anything changed; no events and no version bump when nothing did.
 */
function evolve(before: Product, next: Product, now: Date, correlationId?: string): Change {
  check(next);
  const changedFields = TRACKED.filter((field) => JSON.stringify(before[field]) !== JSON.stringify(next[field]));
  if (changedFields.length === 0) return { product: before, events: [] };
  const product = { ...next, updatedAt: now, version: before.version + 1 };
  const previous = new Map(before.variants.map((variant) => [variant.id, variant]));
  const events: EventEnvelope[] = [];
  for (const variant of product.variants) {
    const old = previous.get(variant.id);
    if (old && (old.price.amount !== variant.price.amount || old.price.currency !== variant.price.currency)) {
      events.push(
        newEvent(PriceChanged, {
          aggregateId: product.id,
          correlationId,
          data: {
            productId: product.id,
            variantId: variant.id,
            sku: variant.sku,
            oldPrice: old.price,
            newPrice: variant.price,
            changedAt: now.toISOString(),
          },
        }),
      );
    }
  }
  const remaining = new Set(product.variants.map((variant) => variant.id));
  events.push(
    newEvent(ProductUpdated, {
      aggregateId: product.id,
      correlationId,
      data: {
        productId: product.id,
        slug: product.slug,
        name: product.name,
        status: product.status,
        variants: snapshot(product),
        removedVariantIds: before.variants.filter((variant) => !remaining.has(variant.id)).map((variant) => variant.id),
        changedFields,
        updatedAt: now.toISOString(),
        ...searchable(product),
      },
    }),
  );
  return { product, events };
}

export function updateProduct(product: Product, patch: Partial<ProductFields>, now: Date, correlationId?: string): Change {
  const defined = Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined));
  return evolve(product, { ...product, ...defined }, now, correlationId);
}

export function addVariant(product: Product, variant: Variant, now: Date, correlationId?: string): Change {
  return evolve(product, { ...product, variants: [...product.variants, variant] }, now, correlationId);
}

function findVariant(product: Product, variantId: string): Variant {
  const variant = product.variants.find((v) => v.id === variantId);
  if (!variant) throw new CatalogError('NOT_FOUND', 'No variant has this id.');
  return variant;
}

export function updateVariant(
  product: Product,
  variantId: string,
  patch: Partial<VariantFields>,
  now: Date,
  correlationId?: string,
): Change {
  const current = findVariant(product, variantId);
  const defined = Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined));
  const variants = product.variants.map((v) => (v.id === current.id ? { ...v, ...defined } : v));
  return evolve(product, { ...product, variants }, now, correlationId);
}

export function removeVariant(product: Product, variantId: string, now: Date, correlationId?: string): Change {
  findVariant(product, variantId);
  return evolve(product, { ...product, variants: product.variants.filter((v) => v.id !== variantId) }, now, correlationId);
}

export interface PriceUpdate {
  sku: string;
  price: Money;
  /** undefined keeps the current compare-at price; null clears it. */
  compareAtPrice?: Money | null | undefined;
}

/** Applies the price updates that concern this product's SKUs. */
export function applyPrices(product: Product, updates: readonly PriceUpdate[], now: Date, correlationId?: string): Change {
  const bySku = new Map(updates.map((update) => [update.sku, update]));
  const variants = product.variants.map((variant) => {
    const update = bySku.get(variant.sku);
    if (!update) return variant;
    return {
      ...variant,
      price: update.price,
      compareAtPrice: update.compareAtPrice === undefined ? variant.compareAtPrice : update.compareAtPrice,
    };
  });
  return evolve(product, { ...product, variants }, now, correlationId);
}

/** Soft delete: the product disappears from every query; its ProductDeleted event still rides on it. */
export function deleteProduct(product: Product, now: Date, correlationId?: string): Change {
  const deleted = { ...product, deletedAt: now, updatedAt: now, version: product.version + 1 };
  const event = newEvent(ProductDeleted, {
    aggregateId: product.id,
    correlationId,
    data: {
      productId: product.id,
      variantIds: product.variants.map((v) => v.id),
      deletedAt: now.toISOString(),
      productVersion: deleted.version,
    },
  });
  return { product: deleted, events: [event] };
}
