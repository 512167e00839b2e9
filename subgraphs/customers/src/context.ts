import DataLoader from 'dataloader';
import type { Logger } from '@commerce/service-kit';
import type { Customer } from './domain/customer.ts';
import type { CustomerStore } from './store/customer-store.ts';

export interface Deps {
  logger: Logger;
  customers: CustomerStore;
}

export interface Context extends Deps {
  loaders: { customer: DataLoader<string, Customer | undefined> };
}

/** A fresh context per request: loaders batch and cache only within one request. */
export function createContext(deps: Deps): Context {
  return {
    ...deps,
    loaders: { customer: new DataLoader((ids) => deps.customers.findByIds(ids)) },
  };
}
