import { randomUUID } from 'node:crypto';
import { PriceChanged, ProductCreated, ProductDeleted, ProductRatingChanged, ProductUpdated, StockAdjusted, StockLevelChanged, newEvent } from '@commerce/events';
import { newId, type SubgraphServer } from '@commerce/service-kit';
import { gql, testLogger, type GraphQLResponse } from '@commerce/testkit';
import type { CategoryNode } from '../src/domain/facets.ts';
import { createServer } from '../src/server.ts';
import { staticCategoryTree } from '../src/services/category-tree.ts';
import { createIndexer, type Indexer } from '../src/services/indexer.ts';
import { createSearchStore, type SearchStore } from '../src/store/search-store.ts';

export const OPENSEARCH_URL = process.env.OPENSEARCH_URL ?? 'http://127.0.0.1:9200';

export interface Harness {
  url: string;
  store: SearchStore;
  indexer: Indexer;
  search: (query: string, variables?: Record<string, unknown>) => Promise<GraphQLResponse>;
  close: () => Promise<void>;
}

/** The subgraph on a port of its own over the real OpenSearch, with an index alias of its own. */
export async function startHarness(categories: CategoryNode[] = []): Promise<Harness> {
  const store = createSearchStore({
    url: OPENSEARCH_URL,
    alias: `test-${randomUUID().slice(0, 8)}`,
    synonyms: ['tv, television', 'sofa, couch'],
  });
  await store.ensureIndices();
  const server: SubgraphServer = await createServer({
    store,
    categories: staticCategoryTree(categories),
    currency: 'EUR',
    logger: testLogger('search'),
  });
  const url = `http://127.0.0.1:${await server.listen(0, '127.0.0.1')}/graphql`;
  return {
    url,
    store,
    indexer: createIndexer(store),
    search: (query, variables) => gql(url, query, variables),
    close: async () => {
      await server.close();
      await store.dropAll();
      await store.close();
    },
  };
}

export interface ProductSpec {
  id?: string;
  name: string;
  description?: string;
  brand?: string | null;
  categoryId?: string | null;
  tags?: string[];
  status?: 'DRAFT' | 'ACTIVE' | 'ARCHIVED';
  /** Minor units, one variant each. */
  prices?: number[];
  version?: number;
  at?: Date;
}

export function productCreated(spec: ProductSpec & { id: string }, variantIds: string[] = (spec.prices ?? [1000]).map(() => newId('var'))) {
  const at = spec.at ?? new Date();
  return newEvent(ProductCreated, {
    aggregateId: spec.id,
    occurredAt: at,
    data: {
      productId: spec.id,
      slug: spec.id.toLowerCase(),
      name: spec.name,
      status: spec.status ?? 'ACTIVE',
      variants: (spec.prices ?? [1000]).map((amount, i) => ({
        variantId: variantIds[i]!,
        sku: `SKU-${randomUUID().slice(0, 8)}`,
        name: spec.name,
        price: { amount, currency: 'EUR' },
      })),
      createdAt: at.toISOString(),
      description: spec.description ?? '',
      brand: spec.brand ?? null,
      categoryId: spec.categoryId ?? null,
      tags: spec.tags ?? [],
      productVersion: spec.version ?? 1,
    },
  });
}

export function productUpdated(created: ReturnType<typeof productCreated>, patch: Partial<ProductSpec> & { version: number }) {
  const at = patch.at ?? new Date();
  const data = created.data;
  return newEvent(ProductUpdated, {
    aggregateId: data.productId,
    occurredAt: at,
    data: {
      ...data,
      name: patch.name ?? data.name,
      status: patch.status ?? data.status,
      variants: patch.prices ? data.variants.map((v, i) => ({ ...v, price: { amount: patch.prices![i] ?? v.price.amount, currency: 'EUR' } })) : data.variants,
      removedVariantIds: [],
      changedFields: Object.keys(patch),
      updatedAt: at.toISOString(),
      productVersion: patch.version,
    },
  });
}

export function priceChanged(productId: string, variantId: string, amount: number, at = new Date()) {
  return newEvent(PriceChanged, {
    aggregateId: productId,
    occurredAt: at,
    data: { productId, variantId, sku: 'SKU', oldPrice: { amount: 1, currency: 'EUR' }, newPrice: { amount, currency: 'EUR' }, changedAt: at.toISOString() },
  });
}

export function productDeleted(productId: string, version: number) {
  return newEvent(ProductDeleted, { aggregateId: productId, data: { productId, variantIds: [], deletedAt: new Date().toISOString(), productVersion: version } });
}

export function stockAdjusted(variantId: string, onHand: number, at = new Date(), warehouseId = 'wh_1') {
  return newEvent(StockAdjusted, {
    aggregateId: variantId,
    occurredAt: at,
    data: { variantId, warehouseId, delta: 0, onHand, reserved: 0, reason: 'count', adjustedAt: at.toISOString() },
  });
}

/** A stock item as inventory publishes it after a change: `onHand - reserved` available, the item's `version`. */
export function stockLevel(
  variantId: string,
  level: {
    onHand: number;
    reserved?: number;
    version: number;
    warehouseId?: string;
    warehouseActive?: boolean;
    kind?: 'SET' | 'RESERVATION' | 'RELEASE' | 'COMMIT' | 'WAREHOUSE';
    orderId?: string | null;
  },
) {
  const reserved = level.reserved ?? 0;
  return newEvent(StockLevelChanged, {
    aggregateId: variantId,
    data: {
      variantId,
      warehouseId: level.warehouseId ?? 'wh_1',
      onHand: level.onHand,
      reserved,
      available: Math.max(0, level.onHand - reserved),
      warehouseActive: level.warehouseActive ?? true,
      version: level.version,
      kind: level.kind ?? 'SET',
      orderId: level.orderId ?? null,
      changedAt: new Date().toISOString(),
    },
  });
}

export function ratingChanged(productId: string, average: number | null, count: number, ratingVersion: number) {
  return newEvent(ProductRatingChanged, {
    aggregateId: productId,
    data: { productId, average, count, ratingVersion, changedAt: new Date().toISOString() },
  });
}

/** Polls until `check` holds (the index refreshes every 500 ms). */
export async function until(check: () => Promise<boolean> | boolean, ms = 10_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

export const SEARCH = `query Search($query: String, $filter: SearchFilter, $sort: SearchSort, $first: Int, $after: String) {
  search(query: $query, filter: $filter, sort: $sort, first: $first, after: $after) {
    totalCount
    edges { cursor node { id } highlights { field snippets } }
    pageInfo { hasNextPage endCursor }
    facets {
      categories { category { id } count }
      brands { brand count }
      prices { min max count }
      availability { inStock outOfStock }
      ratings { minRating count }
    }
  }
}`;
