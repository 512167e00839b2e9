import DataLoader from 'dataloader';
import type { Logger, TokenVerifier, Viewer } from '@commerce/service-kit';
import type { Product } from './domain/product.ts';
import type { ProductStore } from './store/product-store.ts';

export interface Deps {
  logger: Logger;
  products: ProductStore;
  verifyToken: TokenVerifier;
}

export interface Context extends Deps {
  viewer: Viewer | undefined;
  loaders: { product: DataLoader<string, Product | undefined> };
}

/** A fresh context per request: loaders batch and cache only within one request. */
export function createContext(deps: Deps, viewer: Viewer | undefined): Context {
  return {
    ...deps,
    viewer,
    loaders: { product: new DataLoader((ids) => deps.products.findByIds(ids)) },
  };
}
