import {
  OrderCancelled,
  OrderConfirmed,
  OrderPlaced,
  OrderShipped,
  ProductCreated,
  ProductDeleted,
  ProductUpdated,
  TOPICS,
  on,
  routeEvents,
  type ConsumerTableEntry,
} from '@commerce/events';
import type { Logger } from '@commerce/service-kit';
import type { ReservationService } from '../services/reservation-service.ts';
import type { VariantStore } from '../store/variant-store.ts';
import { commitStockWhenOrderShipped } from './commit-stock-when-order-shipped.ts';
import { deactivateVariantsWhenProductDeleted } from './deactivate-variants-when-product-deleted.ts';
import { keepReservationWhenOrderConfirmed } from './keep-reservation-when-order-confirmed.ts';
import { registerVariantsWhenProductChanged } from './register-variants-when-product-changed.ts';
import { releaseStockWhenOrderCancelled } from './release-stock-when-order-cancelled.ts';
import { reserveStockWhenOrderPlaced } from './reserve-stock-when-order-placed.ts';

export interface HandlerDeps {
  reservations: ReservationService;
  variants: VariantStore;
  logger: Logger;
}

/** What inventory does with orders.events; other event types on the topic are not its business. */
export function orderEventRoutes(deps: HandlerDeps) {
  return routeEvents(
    on(OrderPlaced, (event) => reserveStockWhenOrderPlaced(deps, event)),
    on(OrderCancelled, (event) => releaseStockWhenOrderCancelled(deps, event)),
    on(OrderConfirmed, (event) => keepReservationWhenOrderConfirmed(deps, event)),
    on(OrderShipped, (event) => commitStockWhenOrderShipped(deps, event)),
  );
}

/** What inventory does with catalog.events. */
export function catalogEventRoutes(deps: HandlerDeps) {
  return routeEvents(
    on(ProductCreated, (event) => registerVariantsWhenProductChanged(deps, event)),
    on(ProductUpdated, (event) => registerVariantsWhenProductChanged(deps, event)),
    on(ProductDeleted, (event) => deactivateVariantsWhenProductDeleted(deps, event)),
  );
}

/** Applies one orders.events envelope (tests feed events through it directly). */
export const createOrderEventHandler = (deps: HandlerDeps) => orderEventRoutes(deps).handle;

/** Applies one catalog.events envelope. */
export const createCatalogEventHandler = (deps: HandlerDeps) => catalogEventRoutes(deps).handle;

/** The env variables naming this service's consumer groups (production: inventory.orders, inventory.catalog). */
export type ConsumerGroupEnv = 'ORDERS_CONSUMER_GROUP' | 'CATALOG_CONSUMER_GROUP';

/**
 * The consumers of orders.events and catalog.events. Both read from the beginning when their
 * group is new, so a fresh deployment catches up on every order and variant; the inbox makes
 * re-reading harmless.
 */
export function consumerTable(deps: HandlerDeps): ConsumerTableEntry<ConsumerGroupEnv>[] {
  return [
    { groupEnv: 'ORDERS_CONSUMER_GROUP', topics: [TOPICS.orders], handler: orderEventRoutes(deps) },
    { groupEnv: 'CATALOG_CONSUMER_GROUP', topics: [TOPICS.catalog], handler: catalogEventRoutes(deps) },
  ];
}
