import DataLoader from 'dataloader';
import type { Logger } from '@commerce/service-kit';
import type { Product } from './domain/product.ts';
import type { ProductStore } from './store/product-store.ts';

export interface Deps {
  logger: Logger;
  products: ProductStore;
}

export interface Context extends Deps {
  loaders: { product: DataLoader<string, Product | undefined> };
}

/** A fresh context per request: loaders batch and cache only within one request. */
export function createContext(deps: Deps): Context {
  return {
    ...deps,
    loaders: { product: new DataLoader((ids) => deps.products.findByIds(ids)) },
  };
}
