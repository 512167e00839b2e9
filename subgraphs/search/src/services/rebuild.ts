import type { Logger } from '@commerce/service-kit';
import { emptyDocument, mergeOwnerSnapshot, type ProductDocument } from '../domain/product-document.ts';
import { WRITE_TARGETS_TTL_MS, type SearchStore } from '../store/search-store.ts';

/** Pages of product documents as their owners tell them now. */
export type OwnerSource = (since: number) => AsyncIterable<ProductDocument[]>;

/**
 * Rebuilds the index with zero downtime: a new index is made and joined to the writers
 * (consumers write to it and the live one from then on), filled from the owners (a document
 * a consumer wrote meanwhile is newer and kept), then the alias moves to it in one atomic
 * action. Searches read the old index until that moment and the new one after it.
 */
export async function rebuildIndex(store: SearchStore, source: OwnerSource, logger: Logger): Promise<{ index: string; products: number; dropped: string[] }> {
  const index = await store.beginRebuild();
  logger.info({ index }, 'rebuild: new index created; consumers write to it too');
  // Every writer's cached targets now include the new index.
  await new Promise((resolve) => setTimeout(resolve, WRITE_TARGETS_TTL_MS * 2));
  // Snapshots read from now on are at least as new as this; events after it apply over them.
  const since = Date.now() - 1;
  let products = 0;
  for await (const page of source(since)) {
    const written = new Set(await store.loadInto(index, page));
    for (const doc of page.filter((d) => written.has(d.id))) {
      await store.mutateProductIn(index, doc.id, (current) => mergeOwnerSnapshot(current, doc));
    }
    products += page.length;
  }
  const dropped = await store.finishRebuild(index);
  logger.info({ index, products, dropped }, 'rebuild: alias swapped');
  return { index, products, dropped };
}

interface OwnerProduct {
  id: string;
  slug: string;
  name: string;
  description: string;
  brand: string | null;
  category: { id: string } | null;
  tags: string[];
  status: 'DRAFT' | 'ACTIVE' | 'ARCHIVED';
  createdAt: string;
  /** Inventory's: units that can be ordered now (on hand minus reserved, over active warehouses); null when inventory failed. */
  variants: { id: string; price: { minorUnits: string; currencyCode: string }; stock: { available: number } | null }[];
  rating: { average: number | null; count: number } | null;
}

const PRODUCTS_QUERY = `query SearchRebuildProducts($after: String) {
  products(first: 25, after: $after) {
    pageInfo { hasNextPage endCursor }
    edges { node {
      id slug name description brand category { id } tags status createdAt
      variants { id price { minorUnits currencyCode } stock { available } }
      rating { average count }
    } }
  }
}`;

/** The document of a product as catalog, inventory and reviews tell it through the router. */
export function documentFromOwners(product: OwnerProduct, since: number): ProductDocument {
  const prices = product.variants.map((v) => Number(v.price.minorUnits));
  return {
    ...emptyDocument(product.id),
    status: product.status,
    name: product.name,
    slug: product.slug,
    description: product.description,
    brand: product.brand,
    categoryId: product.category?.id ?? null,
    tags: product.tags,
    variants: product.variants.map((v) => ({ id: v.id, price: Number(v.price.minorUnits), currency: v.price.currencyCode, priceAt: since })),
    priceMin: prices.length > 0 ? Math.min(...prices) : null,
    priceMax: prices.length > 0 ? Math.max(...prices) : null,
    createdAt: product.createdAt,
    // The router does not tell the product's version: the read time orders later events after it.
    catalogAt: since,
    // Available, not on hand: units reserved for orders cannot be sold again.
    inStock: product.variants.some((v) => (v.stock?.available ?? 0) > 0),
    rating: product.rating?.average ?? null,
    ratingCount: product.rating?.count ?? 0,
    suggest: product.name,
  };
}

/**
 * The findable products, read through the router (catalog's fields, inventory's stock,
 * reviews' rating in one request per page). Customers' view: ACTIVE products only, which is
 * all search ever finds; anything else arrives by event.
 */
export function routerSource(routerUrl: string): OwnerSource {
  return async function* (since: number) {
    let after: string | null = null;
    for (;;) {
      const response = await fetch(routerUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'apollographql-client-name': 'search-rebuild' },
        body: JSON.stringify({ query: PRODUCTS_QUERY, variables: { after } }),
      });
      const body = (await response.json()) as {
        data?: { products?: { pageInfo: { hasNextPage: boolean; endCursor: string | null }; edges: { node: OwnerProduct }[] } };
        errors?: { message: string }[];
      };
      const page = body.data?.products;
      if (!page) throw new Error(`the router answered no products: ${body.errors?.map((e) => e.message).join('; ') ?? response.status}`);
      yield page.edges.map((edge) => documentFromOwners(edge.node, since));
      if (!page.pageInfo.hasNextPage || !page.pageInfo.endCursor) return;
      after = page.pageInfo.endCursor;
    }
  };
}
