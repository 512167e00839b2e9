import type { Kafka } from 'kafkajs';
import { OrderCancelled, ShipmentRequested, TOPICS, matchEvent, startEventConsumers, type EventEnvelope } from '@commerce/events';
import type { Logger } from '@commerce/service-kit';
import type { ShipmentStore } from '../store/shipment-store.ts';
import { cancelShipmentWhenOrderCancelled } from './cancel-shipment-when-order-cancelled.ts';
import { createShipmentWhenShipmentRequested } from './create-shipment-when-shipment-requested.ts';

export interface HandlerDeps {
  shipments: ShipmentStore;
  logger: Logger;
}

/** Applies one orders.events envelope; other event types on the topic are not shipping's business. */
export function createOrderEventHandler(deps: HandlerDeps) {
  return async (envelope: EventEnvelope): Promise<void> => {
    const requested = matchEvent(ShipmentRequested, envelope);
    if (requested) return createShipmentWhenShipmentRequested(deps, requested);
    const cancelled = matchEvent(OrderCancelled, envelope);
    if (cancelled) return cancelShipmentWhenOrderCancelled(deps, cancelled);
  };
}

export interface ConsumerGroups {
  orders: string;
}

/**
 * Starts the consumer of orders.events. It reads from the beginning when its group is new,
 * so a fresh deployment catches up on every order; the inbox makes re-reading harmless.
 */
export async function startShippingConsumers(options: {
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
    ],
  });
}

