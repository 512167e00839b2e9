/**
 * The search read model of one product: what catalog, inventory and reviews said about it,
 * each part guarded by the version of its source so that a repeated or late event changes
 * nothing. Pure: the store reads a document, these functions decide, the store writes it
 * back only if nobody wrote in between.
 */
export type ProductStatus = 'DRAFT' | 'ACTIVE' | 'ARCHIVED';

export interface VariantPrice {
  id: string;
  /** Minor units. */
  price: number;
  currency: string;
  /** Epoch ms of the catalog change that set this price. */
  priceAt: number;
}

export interface ProductDocument {
  id: string;
  /** null until catalog has spoken (stock or a rating may arrive first): never findable. */
  status: ProductStatus | null;
  deleted: boolean;
  name: string;
  slug: string;
  description: string;
  brand: string | null;
  categoryId: string | null;
  tags: string[];
  variants: VariantPrice[];
  /** Derived from variants, in minor units; null without variants. */
  priceMin: number | null;
  priceMax: number | null;
  createdAt: string | null;
  /** The catalog product's version of the last snapshot applied (0: none). */
  catalogVersion: number;
  /** Epoch ms of that snapshot (orders snapshots of events published before versions were). */
  catalogAt: number;
  inStock: boolean;
  rating: number | null;
  ratingCount: number;
  /** The version of the last rating applied (0: none). */
  ratingVersion: number;
  /** Full text the suggester matches word beginnings in (the name). */
  suggest: string;
}

export interface CatalogSnapshot {
  productId: string;
  slug: string;
  name: string;
  status: ProductStatus;
  description?: string | null | undefined;
  brand?: string | null | undefined;
  categoryId?: string | null | undefined;
  tags?: string[] | null | undefined;
  variants: { variantId: string; price: { amount: number; currency: string } }[];
  createdAt?: string | undefined;
  /** The catalog product's version; absent in events published before it was added. */
  productVersion?: number | null | undefined;
  occurredAt: string;
}

/** A document for a product nothing is known about yet. */
export function emptyDocument(id: string): ProductDocument {
  return {
    id,
    status: null,
    deleted: false,
    name: '',
    slug: '',
    description: '',
    brand: null,
    categoryId: null,
    tags: [],
    variants: [],
    priceMin: null,
    priceMax: null,
    createdAt: null,
    catalogVersion: 0,
    catalogAt: 0,
    inStock: false,
    rating: null,
    ratingCount: 0,
    ratingVersion: 0,
    suggest: '',
  };
}

/** 'stale' when the document already holds this change or a newer one. */
export type Decision = ProductDocument | 'stale';

function isNewer(doc: ProductDocument, version: number | null | undefined, at: number): boolean {
  if (version !== null && version !== undefined && doc.catalogVersion > 0) {
    if (version !== doc.catalogVersion) return version > doc.catalogVersion;
  }
  return at > doc.catalogAt;
}

function withPrices(doc: ProductDocument, variants: VariantPrice[]): ProductDocument {
  const prices = variants.map((variant) => variant.price);
  return {
    ...doc,
    variants,
    priceMin: prices.length > 0 ? Math.min(...prices) : null,
    priceMax: prices.length > 0 ? Math.max(...prices) : null,
  };
}

/** ProductCreated / ProductUpdated: the full snapshot replaces the catalog part. */
export function applySnapshot(current: ProductDocument | undefined, snapshot: CatalogSnapshot): Decision {
  const doc = current ?? emptyDocument(snapshot.productId);
  const at = Date.parse(snapshot.occurredAt);
  if (doc.deleted || !isNewer(doc, snapshot.productVersion, at)) return 'stale';
  const next: ProductDocument = {
    ...doc,
    status: snapshot.status,
    name: snapshot.name,
    slug: snapshot.slug,
    description: snapshot.description ?? '',
    brand: snapshot.brand ?? null,
    categoryId: snapshot.categoryId ?? null,
    tags: snapshot.tags ?? [],
    createdAt: snapshot.createdAt ?? doc.createdAt ?? snapshot.occurredAt,
    catalogVersion: snapshot.productVersion ?? doc.catalogVersion,
    catalogAt: at,
    suggest: snapshot.name,
  };
  return withPrices(
    next,
    snapshot.variants.map((variant) => ({
      id: variant.variantId,
      price: variant.price.amount,
      currency: variant.price.currency,
      priceAt: at,
    })),
  );
}

/** PriceChanged: one variant's price, unless a later snapshot or price already set it. */
export function applyPrice(
  current: ProductDocument | undefined,
  change: { variantId: string; price: { amount: number; currency: string }; changedAt: string },
): Decision {
  if (!current || current.deleted) return 'stale';
  const at = Date.parse(change.changedAt);
  const variant = current.variants.find((v) => v.id === change.variantId);
  // A variant the document does not list yet arrives with its snapshot, price included.
  if (!variant || variant.priceAt >= at) return 'stale';
  return withPrices(
    current,
    current.variants.map((v) => (v.id === change.variantId ? { ...v, price: change.price.amount, currency: change.price.currency, priceAt: at } : v)),
  );
}

/** ProductDeleted is final: the tombstone refuses every later snapshot. */
export function applyDeleted(current: ProductDocument | undefined, productId: string): Decision {
  const doc = current ?? emptyDocument(productId);
  if (doc.deleted) return 'stale';
  return { ...doc, deleted: true };
}

/** ProductRatingChanged: the newest rating version wins. */
export function applyRating(
  current: ProductDocument | undefined,
  rating: { productId: string; average: number | null; count: number; ratingVersion: number },
): Decision {
  const doc = current ?? emptyDocument(rating.productId);
  if (rating.ratingVersion <= doc.ratingVersion) return 'stale';
  return { ...doc, rating: rating.average, ratingCount: rating.count, ratingVersion: rating.ratingVersion };
}

/** The availability derived from the variants' stock (see variant-stock.ts). */
export function applyAvailability(current: ProductDocument | undefined, inStock: boolean): Decision {
  if (!current || current.inStock === inStock) return 'stale';
  return { ...current, inStock };
}

/** Only ACTIVE products that were not deleted are ever found. */
export function isFindable(doc: Pick<ProductDocument, 'status' | 'deleted'>): boolean {
  return doc.status === 'ACTIVE' && !doc.deleted;
}

/**
 * A rebuild's owner snapshot meeting a document a consumer wrote into the new index first:
 * a catalog part from an event is newer than the snapshot and stays; a document holding only
 * a rating (or stock) takes the snapshot's catalog part and keeps its newer rating.
 */
export function mergeOwnerSnapshot(current: ProductDocument | undefined, owner: ProductDocument): Decision {
  if (!current) return owner;
  if (current.deleted || current.catalogVersion > 0 || current.catalogAt > 0) return 'stale';
  return current.ratingVersion > 0
    ? { ...owner, rating: current.rating, ratingCount: current.ratingCount, ratingVersion: current.ratingVersion }
    : owner;
}
