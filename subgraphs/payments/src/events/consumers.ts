import type { Kafka } from 'kafkajs';
import { OrderCancelled, OrderConfirmed, PaymentRequested, TOPICS, matchEvent, startEventConsumers, type EventEnvelope } from '@commerce/events';
import type { Logger } from '@commerce/service-kit';
import type { PaymentProcessor } from '../services/payment-processor.ts';
import type { PaymentStore } from '../store/payment-store.ts';
import { authorizePaymentWhenPaymentRequested } from './authorize-payment-when-payment-requested.ts';
import { capturePaymentWhenOrderConfirmed } from './capture-payment-when-order-confirmed.ts';
import { voidOrRefundPaymentWhenOrderCancelled } from './void-or-refund-payment-when-order-cancelled.ts';

export interface HandlerDeps {
  payments: PaymentStore;
  processor: PaymentProcessor;
  logger: Logger;
}

/**
 * Applies one orders.events envelope; other event types on the topic are not payments'
 * business. A transient gateway error propagates, so startEventConsumer retries the message
 * with backoff; the idempotency keys make the repeated gateway calls safe.
 */
export function createOrderEventHandler(deps: HandlerDeps) {
  return async (envelope: EventEnvelope): Promise<void> => {
    const requested = matchEvent(PaymentRequested, envelope);
    if (requested) return authorizePaymentWhenPaymentRequested(deps, requested);
    const confirmed = matchEvent(OrderConfirmed, envelope);
    if (confirmed) return capturePaymentWhenOrderConfirmed(deps, confirmed);
    const cancelled = matchEvent(OrderCancelled, envelope);
    if (cancelled) return voidOrRefundPaymentWhenOrderCancelled(deps, cancelled);
  };
}

export interface ConsumerGroups {
  orders: string;
}

/**
 * Starts the consumer of orders.events. It reads from the beginning when its group is new, so
 * a fresh deployment catches up on every order; the inbox and the payments' states make
 * re-reading harmless.
 */
export async function startPaymentConsumers(options: {
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

