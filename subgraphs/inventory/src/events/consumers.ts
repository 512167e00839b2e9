import type { Kafka } from 'kafkajs';
import {
  OrderCancelled,
  OrderConfirmed,
  OrderPlaced,
  OrderShipped,
  ProductCreated,
  ProductDeleted,
  ProductUpdated,
  TOPICS,
  matchEvent,
  startEventConsumers,
  type EventEnvelope,
} from '@commerce/events';
import type { Logger } from '@commerce/service-kit';
import type { ReservationStore } from '../store/reservation-store.ts';
import type { VariantStore } from '../store/variant-store.ts';
import { commitStockWhenOrderShipped } from './commit-stock-when-order-shipped.ts';
import { deactivateVariantsWhenProductDeleted } from './deactivate-variants-when-product-deleted.ts';
import { keepReservationWhenOrderConfirmed } from './keep-reservation-when-order-confirmed.ts';
import { registerVariantsWhenProductChanged } from './register-variants-when-product-changed.ts';
import { releaseStockWhenOrderCancelled } from './release-stock-when-order-cancelled.ts';
import { reserveStockWhenOrderPlaced } from './reserve-stock-when-order-placed.ts';

export interface HandlerDeps {
  reservations: ReservationStore;
  variants: VariantStore;
  logger: Logger;
}

/** Applies one orders.events envelope; other event types on the topic are not inventory's business. */
export function createOrderEventHandler(deps: HandlerDeps) {
  return async (envelope: EventEnvelope): Promise<void> => {
    const placed = matchEvent(OrderPlaced, envelope);
    if (placed) return reserveStockWhenOrderPlaced(deps, placed);
    const cancelled = matchEvent(OrderCancelled, envelope);
    if (cancelled) return releaseStockWhenOrderCancelled(deps, cancelled);
    const confirmed = matchEvent(OrderConfirmed, envelope);
    if (confirmed) return keepReservationWhenOrderConfirmed(deps, confirmed);
    const shipped = matchEvent(OrderShipped, envelope);
    if (shipped) return commitStockWhenOrderShipped(deps, shipped);
  };
}

/** Applies one catalog.events envelope. */
export function createCatalogEventHandler(deps: HandlerDeps) {
  return async (envelope: EventEnvelope): Promise<void> => {
    const changed = matchEvent(ProductCreated, envelope) ?? matchEvent(ProductUpdated, envelope);
    if (changed) return registerVariantsWhenProductChanged(deps, changed);
    const deleted = matchEvent(ProductDeleted, envelope);
    if (deleted) return deactivateVariantsWhenProductDeleted(deps, deleted);
  };
}

export interface ConsumerGroups {
  orders: string;
  catalog: string;
}

/**
 * Starts the consumers of orders.events and catalog.events. Both read from the beginning
 * when their group is new, so a fresh deployment catches up on every order and variant;
 * the inbox makes re-reading harmless.
 */
export async function startInventoryConsumers(options: {
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
      { groupId: groups.orders, topics: [TOPICS.orders], handle: createOrderEventHandler(deps) },
      { groupId: groups.catalog, topics: [TOPICS.catalog], handle: createCatalogEventHandler(deps) },
    ],
  });
}

