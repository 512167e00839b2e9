import DataLoader from 'dataloader';
import type { Logger, MongoLocks, TokenVerifier, Viewer } from '@commerce/service-kit';
import type { Category } from './domain/category.ts';
import type { Product } from './domain/product.ts';
import type { CatalogInputs } from './domain/validation.ts';
import type { CategoryStore } from './store/category-store.ts';
import type { ProductStore } from './store/product-store.ts';

export interface Deps {
  logger: Logger;
  products: ProductStore;
  categories: CategoryStore;
  locks: MongoLocks;
  verifyToken: TokenVerifier;
  /** The store currency: every price is in it. */
  currency: string;
  inputs: CatalogInputs;
  /** Nudges the outbox relay after a write so events leave without waiting for its poll. */
  eventsWritten: () => void;
}

export interface Context extends Deps {
  viewer: Viewer | undefined;
  correlationId: string | undefined;
  loaders: {
    product: DataLoader<string, Product | undefined>;
    productByVariant: DataLoader<string, Product | undefined>;
    category: DataLoader<string, Category | undefined>;
    children: DataLoader<string, Category[]>;
  };
}

/** A fresh context per request: loaders batch and cache only within one request. */
export function createContext(
  deps: Deps,
  request: { viewer: Viewer | undefined; correlationId: string | undefined },
): Context {
  return {
    ...deps,
    ...request,
    loaders: {
      product: new DataLoader((ids) => deps.products.findByIds(ids)),
      productByVariant: new DataLoader((ids) => deps.products.findByVariantIds(ids)),
      category: new DataLoader((ids) => deps.categories.findByIds(ids)),
      children: new DataLoader((ids) => deps.categories.childrenOf(ids)),
    },
  };
}
