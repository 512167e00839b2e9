import type { Logger } from '@commerce/service-kit';
import { emptyDocument, mergeOwnerSnapshot, type ProductDocument } from '../domain/product-document.ts';
import { applyOwnerLevels, type StockReport } from '../domain/variant-stock.ts';
import { WRITE_TARGETS_TTL_MS, type SearchStore } from '../store/search-store.ts';

/** A stock item's level as inventory tells it, with the product of its variant. */
export type OwnerLevel = StockReport & { productId: string; version: number };

/**
 * A page of products as their owners tell them now, with the stock levels per warehouse
 * behind their availability (none when the source cannot read them: see routerSource).
 */
export interface OwnerPage {
  documents: ProductDocument[];
  levels: OwnerLevel[];
}

export type OwnerSource = (since: number) => AsyncIterable<OwnerPage>;

/**
 * Rebuilds the index with zero downtime: a new index is made and joined to the writers
 * (consumers write to it and the live one from then on), filled from the owners (a document
 * a consumer wrote meanwhile is newer and kept), then the alias moves to it in one atomic
 * action. Searches read the old index until that moment and the new one after it.
 */
export async function rebuildIndex(
  store: SearchStore,
  source: OwnerSource,
  logger: Logger,
): Promise<{ index: string; products: number; levels: number; dropped: string[] }> {
  const index = await store.beginRebuild();
  logger.info({ index }, 'rebuild: new index created; consumers write to it too');
  // Every writer's cached targets now include the new index.
  await new Promise((resolve) => setTimeout(resolve, WRITE_TARGETS_TTL_MS * 2));
  // Snapshots read from now on are at least as new as this; events after it apply over them.
  const since = Date.now() - 1;
  let products = 0;
  let levels = 0;
  for await (const page of source(since)) {
    const written = new Set(await store.loadInto(index, page.documents));
    for (const doc of page.documents.filter((d) => written.has(d.id))) {
      await store.mutateProductIn(index, doc.id, (current) => mergeOwnerSnapshot(current, doc));
    }
    // The per-warehouse levels availability is computed from when a stock event arrives: a
    // variant's index document knows every warehouse from here on, not only those with news.
    const byVariant = new Map<string, OwnerLevel[]>();
    for (const level of page.levels) {
      const told = byVariant.get(level.variantId);
      if (told) told.push(level);
      else byVariant.set(level.variantId, [level]);
    }
    for (const [variantId, told] of byVariant) {
      await store.mutateVariant(variantId, (current) => applyOwnerLevels(current, { variantId, productId: told[0]!.productId, reports: told }));
      levels += told.length;
    }
    products += page.documents.length;
  }
  const dropped = await store.finishRebuild(index);
  logger.info({ index, products, levels, dropped }, 'rebuild: alias swapped');
  return { index, products, levels, dropped };
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
  /**
   * Inventory's: units that can be ordered now (on hand minus reserved, over active
   * warehouses), and for an admin each warehouse's level; null when inventory failed.
   */
  variants: { id: string; price: { minorUnits: string; currencyCode: string }; stock: OwnerStock | null }[];
  rating: { average: number | null; count: number } | null;
}

interface OwnerStock {
  available: number;
  levels?: { warehouse: { id: string; active: boolean }; available: number; version: number }[] | null;
}

/**
 * The products query; an admin's reads the levels per warehouse too, and asks for ACTIVE
 * products (an admin sees every status). Its pages are smaller: the router's cost limit (5,000)
 * counts the levels as lists of their assumed size, and 25 products of them cost 5,852.
 */
const productsQuery = (admin: boolean) => `query SearchRebuildProducts($after: String) {
  products(first: ${admin ? 15 : 25}, after: $after${admin ? ', filter: { status: [ACTIVE] }' : ''}) {
    pageInfo { hasNextPage endCursor }
    edges { node {
      id slug name description brand category { id } tags status createdAt
      variants { id price { minorUnits currencyCode } stock { available${admin ? ' levels { warehouse { id active } available version }' : ''} } }
      rating { average count }
    } }
  }
}`;

/** The levels per warehouse of a product's variants, as of `since` (none unless an admin read them). */
export function levelsFromOwners(product: OwnerProduct, since: number): OwnerLevel[] {
  const at = new Date(since).toISOString();
  return product.variants.flatMap((variant) =>
    (variant.stock?.levels ?? []).map((level) => ({
      productId: product.id,
      variantId: variant.id,
      warehouseId: level.warehouse.id,
      available: level.available,
      active: level.warehouse.active,
      version: level.version,
      at,
    })),
  );
}

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

interface OwnerProductPage {
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  edges: { node: OwnerProduct }[];
}

/** One GraphQL request to the router as the rebuild makes it; `what` names the answer's root field for the error. */
async function routerCall<T>(routerUrl: string, request: { query: string; variables: Record<string, unknown>; accessToken?: string | undefined }, what: string): Promise<T> {
  const response = await fetch(routerUrl, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'apollographql-client-name': 'search-rebuild',
      ...(request.accessToken ? { authorization: `Bearer ${request.accessToken}` } : {}),
    },
    body: JSON.stringify({ query: request.query, variables: request.variables }),
  });
  const body = (await response.json()) as { data?: Record<string, T | null>; errors?: { message: string }[] };
  const answer = body.data?.[what];
  if (!answer) throw new Error(`the router answered no ${what}: ${body.errors?.map((e) => e.message).join('; ') ?? response.status}`);
  return answer;
}

/** An admin's access token, signed in through the router (for the levels per warehouse). */
export async function adminAccessToken(routerUrl: string, credentials: { email: string; password: string }): Promise<string> {
  const query = 'mutation SearchRebuildLogin($input: LoginInput!) { login(input: $input) { accessToken } }';
  return (await routerCall<{ accessToken: string }>(routerUrl, { query, variables: { input: { email: credentials.email, password: credentials.password } } }, 'login')).accessToken;
}

/**
 * The findable products, read through the router (catalog's fields, inventory's stock,
 * reviews' rating in one request per page): ACTIVE products only, which is all search ever
 * finds; anything else arrives by event. With an admin's access token it reads each
 * warehouse's stock level too (admins only), so the rebuild refreshes those as well.
 */
export function routerSource(routerUrl: string, options: { accessToken?: string } = {}): OwnerSource {
  const query = productsQuery(options.accessToken !== undefined);
  return async function* (since: number) {
    let after: string | null = null;
    for (;;) {
      const page: OwnerProductPage = await routerCall<OwnerProductPage>(
        routerUrl,
        { query, variables: { after }, accessToken: options.accessToken },
        'products',
      );
      const products = page.edges.map((edge) => edge.node);
      yield { documents: products.map((product) => documentFromOwners(product, since)), levels: products.flatMap((product) => levelsFromOwners(product, since)) };
      if (!page.pageInfo.hasNextPage || !page.pageInfo.endCursor) return;
      after = page.pageInfo.endCursor;
    }
  };
}
