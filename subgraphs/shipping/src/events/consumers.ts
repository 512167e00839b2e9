import { OrderCancelled, ShipmentRequested, TOPICS, on, routeEvents, type ConsumerTableEntry } from '@commerce/events';
import type { Logger } from '@commerce/service-kit';
import type { ShipmentService } from '../services/shipment-service.ts';
import { cancelShipmentWhenOrderCancelled } from './cancel-shipment-when-order-cancelled.ts';
import { createShipmentWhenShipmentRequested } from './create-shipment-when-shipment-requested.ts';

export interface HandlerDeps {
  shipments: ShipmentService;
  logger: Logger;
}

/** What shipping does with orders.events; other event types on the topic are not its business. */
export function orderEventRoutes(deps: HandlerDeps) {
  return routeEvents(
    on(ShipmentRequested, (event) => createShipmentWhenShipmentRequested(deps, event)),
    on(OrderCancelled, (event) => cancelShipmentWhenOrderCancelled(deps, event)),
  );
}

/** Applies one orders.events envelope (tests feed events through it directly). */
export const createOrderEventHandler = (deps: HandlerDeps) => orderEventRoutes(deps).handle;

/** The env variable naming this service's consumer group (production: shipping.orders). */
export type ConsumerGroupEnv = 'ORDERS_CONSUMER_GROUP';

/**
 * The consumer of orders.events. It reads from the beginning when its group is new, so a
 * fresh deployment catches up on every order; the inbox makes re-reading harmless.
 */
export function consumerTable(deps: HandlerDeps): ConsumerTableEntry<ConsumerGroupEnv>[] {
  return [{ groupEnv: 'ORDERS_CONSUMER_GROUP', topics: [TOPICS.orders], handler: orderEventRoutes(deps) }];
}
