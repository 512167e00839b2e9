import DataLoader from 'dataloader';
import type { Logger, TokenVerifier, Viewer } from '@commerce/service-kit';
import type { Cart } from './domain/cart.ts';
import type { Order, OrderLine, StatusChange } from './domain/order.ts';
import type { Stores } from './store/index.ts';
import type { OrderService, Page, PageQuery } from './services/order-service.ts';

export interface Deps extends Omit<Stores, 'orders'> {
  /** The orders use cases and reads. */
  orders: OrderService;
  logger: Logger;
  verifyToken: TokenVerifier;
  /** The store currency (STORE_CURRENCY). */
  currency: string;
}

export interface CustomerOrdersKey extends PageQuery {
  customerId: string;
}

export interface Context extends Deps {
  viewer: Viewer | undefined;
  correlationId: string | undefined;
  loaders: {
    order: DataLoader<string, Order | undefined>;
    orderLines: DataLoader<string, OrderLine[]>;
    statusHistory: DataLoader<string, StatusChange[]>;
    /** A customer's cart, by customer id. */
    cart: DataLoader<string, Cart>;
    /** A page of a customer's orders; keys with the same page arguments share one batch. */
    customerOrders: DataLoader<CustomerOrdersKey, Page, string>;
  };
}

/** Loads pages of many customers' orders, one batch per distinct page arguments. */
function customerOrdersLoader(deps: Deps) {
  return new DataLoader<CustomerOrdersKey, Page, string>(
    async (keys) => {
      const groups = new Map<string, CustomerOrdersKey[]>();
      for (const key of keys) {
        const args = JSON.stringify([key.status, key.first, key.after]);
        groups.set(args, [...(groups.get(args) ?? []), key]);
      }
      const pages = new Map<CustomerOrdersKey, Page>();
      await Promise.all(
        [...groups.values()].map(async (group) => {
          const [sample] = group;
          if (!sample) return;
          const result = await deps.orders.pagesOf(
            group.map((key) => key.customerId),
            sample,
          );
          group.forEach((key, index) => pages.set(key, result[index] ?? { nodes: [], hasNextPage: false, totalCount: 0 }));
        }),
      );
      return keys.map((key) => pages.get(key) ?? new Error('page missing from its batch'));
    },
    { cacheKeyFn: (key) => JSON.stringify([key.customerId, key.status, key.first, key.after]) },
  );
}

/** A fresh context per request: loaders batch and cache only within one request. */
export function createContext(deps: Deps, request: { viewer: Viewer | undefined; correlationId: string | undefined }): Context {
  return {
    ...deps,
    ...request,
    loaders: {
      order: new DataLoader((ids) => deps.orders.findByIds(ids)),
      orderLines: new DataLoader((ids) => deps.orders.linesOf(ids)),
      statusHistory: new DataLoader((ids) => deps.orders.historyOf(ids)),
      cart: new DataLoader((customerIds) => deps.carts.forCustomers(customerIds)),
      customerOrders: customerOrdersLoader(deps),
    },
  };
}
