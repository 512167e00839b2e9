import {
  CustomerAddressRemoved,
  CustomerAddressSaved,
  PaymentAuthorized,
  PaymentFailed,
  PriceChanged,
  ProductCreated,
  ProductDeleted,
  ProductUpdated,
  ShipmentDelivered,
  ShipmentStatusChanged,
  StockReservationFailed,
  StockReserved,
  TOPICS,
  on,
  routeEvents,
  type ConsumerTableEntry,
} from '@commerce/events';
import type { Logger } from '@commerce/service-kit';
import type { AddressStore } from '../store/address-store.ts';
import type { OrderService } from '../services/order-service.ts';
import type { VariantStore } from '../store/variant-store.ts';
import { cancelOrderWhenPaymentFailed } from './cancel-order-when-payment-failed.ts';
import { cancelOrderWhenStockReservationFailed } from './cancel-order-when-stock-reservation-failed.ts';
import { confirmOrderWhenPaymentAuthorized } from './confirm-order-when-payment-authorized.ts';
import { copyAddressWhenCustomerAddressSaved } from './copy-address-when-customer-address-saved.ts';
import { deliverOrderWhenShipmentDelivered } from './deliver-order-when-shipment-delivered.ts';
import { forgetAddressWhenCustomerAddressRemoved } from './forget-address-when-customer-address-removed.ts';
import { repriceVariantWhenPriceChanged } from './reprice-variant-when-price-changed.ts';
import { requestPaymentWhenStockReserved } from './request-payment-when-stock-reserved.ts';
import { retireVariantsWhenProductDeleted } from './retire-variants-when-product-deleted.ts';
import { shipOrderWhenShipmentInTransit } from './ship-order-when-shipment-in-transit.ts';
import { updateVariantsWhenProductChanged } from './update-variants-when-product-changed.ts';

export interface HandlerDeps {
  orders: OrderService;
  variants: VariantStore;
  addresses: AddressStore;
  logger: Logger;
}

/** What orders does with catalog.events: the variant read model. */
export function catalogEventRoutes(deps: HandlerDeps) {
  return routeEvents(
    on(ProductCreated, (event) => updateVariantsWhenProductChanged(deps, event)),
    on(ProductUpdated, (event) => updateVariantsWhenProductChanged(deps, event)),
    on(PriceChanged, (event) => repriceVariantWhenPriceChanged(deps, event)),
    on(ProductDeleted, (event) => retireVariantsWhenProductDeleted(deps, event)),
  );
}

/**
 * What orders does with customers.events: the read model of saved addresses. The other
 * customer events (CustomerRegistered, CustomerUpdated) carry nothing orders keeps.
 */
export function customerEventRoutes(deps: HandlerDeps) {
  return routeEvents(
    on(CustomerAddressSaved, (event) => copyAddressWhenCustomerAddressSaved(deps, event)),
    on(CustomerAddressRemoved, (event) => forgetAddressWhenCustomerAddressRemoved(deps, event)),
  );
}

/**
 * What orders does with inventory.events, payments.events and shipments.events: the saga.
 * Other event types on those topics (StockReleased, PaymentCaptured, ShipmentCreated…) are
 * other services' business or echo what orders already knows.
 */
export function sagaEventRoutes(deps: HandlerDeps) {
  return routeEvents(
    on(StockReserved, (event) => requestPaymentWhenStockReserved(deps, event)),
    on(StockReservationFailed, (event) => cancelOrderWhenStockReservationFailed(deps, event)),
    on(PaymentAuthorized, (event) => confirmOrderWhenPaymentAuthorized(deps, event)),
    on(PaymentFailed, (event) => cancelOrderWhenPaymentFailed(deps, event)),
    on(ShipmentStatusChanged, (event) => shipOrderWhenShipmentInTransit(deps, event)),
    on(ShipmentDelivered, (event) => deliverOrderWhenShipmentDelivered(deps, event)),
  );
}

/** Applies one catalog.events envelope (tests feed events through these directly). */
export const createCatalogEventHandler = (deps: HandlerDeps) => catalogEventRoutes(deps).handle;
export const createCustomerEventHandler = (deps: HandlerDeps) => customerEventRoutes(deps).handle;
export const createSagaEventHandler = (deps: HandlerDeps) => sagaEventRoutes(deps).handle;

/** The env variables naming this service's consumer groups (production: orders.catalog, orders.saga, orders.customers). */
export type ConsumerGroupEnv = 'CATALOG_CONSUMER_GROUP' | 'SAGA_CONSUMER_GROUP' | 'CUSTOMERS_CONSUMER_GROUP';

export const SAGA_TOPICS = [TOPICS.inventory, TOPICS.payments, TOPICS.shipments];

/**
 * The consumers of catalog.events (the variant read model), of the saga topics and of
 * customers.events (the saved-address read model). Each reads from the beginning when its
 * group is new, so a fresh deployment catches up; the inbox makes re-reading harmless.
 */
export function consumerTable(deps: HandlerDeps): ConsumerTableEntry<ConsumerGroupEnv>[] {
  return [
    { groupEnv: 'CATALOG_CONSUMER_GROUP', topics: [TOPICS.catalog], handler: catalogEventRoutes(deps) },
    { groupEnv: 'SAGA_CONSUMER_GROUP', topics: SAGA_TOPICS, handler: sagaEventRoutes(deps) },
    { groupEnv: 'CUSTOMERS_CONSUMER_GROUP', topics: [TOPICS.customers], handler: customerEventRoutes(deps) },
  ];
}
