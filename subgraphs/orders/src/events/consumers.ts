import type { Kafka } from 'kafkajs';
import {
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
  matchEvent,
  startEventConsumers,
  type EventEnvelope,
} from '@commerce/events';
import type { Logger } from '@commerce/service-kit';
import type { OrderStore } from '../store/order-store.ts';
import type { VariantStore } from '../store/variant-store.ts';
import { cancelOrderWhenPaymentFailed } from './cancel-order-when-payment-failed.ts';
import { cancelOrderWhenStockReservationFailed } from './cancel-order-when-stock-reservation-failed.ts';
import { confirmOrderWhenPaymentAuthorized } from './confirm-order-when-payment-authorized.ts';
import { deliverOrderWhenShipmentDelivered } from './deliver-order-when-shipment-delivered.ts';
import { repriceVariantWhenPriceChanged } from './reprice-variant-when-price-changed.ts';
import { requestPaymentWhenStockReserved } from './request-payment-when-stock-reserved.ts';
import { retireVariantsWhenProductDeleted } from './retire-variants-when-product-deleted.ts';
import { shipOrderWhenShipmentInTransit } from './ship-order-when-shipment-in-transit.ts';
import { updateVariantsWhenProductChanged } from './update-variants-when-product-changed.ts';

export interface HandlerDeps {
  orders: OrderStore;
  variants: VariantStore;
  logger: Logger;
}

/** Applies one catalog.events envelope to the variant read model. */
export function createCatalogEventHandler(deps: HandlerDeps) {
  return async (envelope: EventEnvelope): Promise<void> => {
    const changed = matchEvent(ProductCreated, envelope) ?? matchEvent(ProductUpdated, envelope);
    if (changed) return updateVariantsWhenProductChanged(deps, changed);
    const repriced = matchEvent(PriceChanged, envelope);
    if (repriced) return repriceVariantWhenPriceChanged(deps, repriced);
    const deleted = matchEvent(ProductDeleted, envelope);
    if (deleted) return retireVariantsWhenProductDeleted(deps, deleted);
  };
}

/**
 * Applies one envelope of inventory.events, payments.events or shipments.events to its order.
 * Other event types on those topics (StockReleased, PaymentCaptured, ShipmentCreated…) are
 * other services' business or echo what orders already knows.
 */
export function createSagaEventHandler(deps: HandlerDeps) {
  return async (envelope: EventEnvelope): Promise<void> => {
    const reserved = matchEvent(StockReserved, envelope);
    if (reserved) return requestPaymentWhenStockReserved(deps, reserved);
    const reservationFailed = matchEvent(StockReservationFailed, envelope);
    if (reservationFailed) return cancelOrderWhenStockReservationFailed(deps, reservationFailed);
    const authorized = matchEvent(PaymentAuthorized, envelope);
    if (authorized) return confirmOrderWhenPaymentAuthorized(deps, authorized);
    const failed = matchEvent(PaymentFailed, envelope);
    if (failed) return cancelOrderWhenPaymentFailed(deps, failed);
    const moved = matchEvent(ShipmentStatusChanged, envelope);
    if (moved) return shipOrderWhenShipmentInTransit(deps, moved);
    const delivered = matchEvent(ShipmentDelivered, envelope);
    if (delivered) return deliverOrderWhenShipmentDelivered(deps, delivered);
  };
}

export interface ConsumerGroups {
  /** Production: orders.catalog. */
  catalog: string;
  /** Production: orders.saga. */
  saga: string;
}

export const SAGA_TOPICS = [TOPICS.inventory, TOPICS.payments, TOPICS.shipments];

/**
 * Starts the consumers of catalog.events (the variant read model) and of the saga topics.
 * Both read from the beginning when their group is new, so a fresh deployment catches up;
 * the inbox makes re-reading harmless.
 */
export async function startOrdersConsumers(options: {
  kafka: Kafka;
  deps: HandlerDeps;
  groups: ConsumerGroups;
  logger: Logger;
  maxAttempts?: number;
  retryDelayMs?: number;
}): Promise<{ stop: () => Promise<void> }> {
  const { kafka, deps, groups, logger } = options;
  return startEventConsumers({
    kafka,
    logger,
    maxAttempts: options.maxAttempts,
    retryDelayMs: options.retryDelayMs,
    consumers: [
      { groupId: groups.catalog, topics: [TOPICS.catalog], handle: createCatalogEventHandler(deps) },
      { groupId: groups.saga, topics: SAGA_TOPICS, handle: createSagaEventHandler(deps) },
    ],
  });
}

