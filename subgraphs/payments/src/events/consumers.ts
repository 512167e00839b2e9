import { OrderCancelled, OrderConfirmed, PaymentRequested, TOPICS, on, routeEvents, type ConsumerTableEntry } from '@commerce/events';
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
 * What payments does with orders.events; other event types on the topic are not its
 * business. A transient gateway error propagates, so startEventConsumer retries the message
 * with backoff; the idempotency keys make the repeated gateway calls safe.
 */
export function orderEventRoutes(deps: HandlerDeps) {
  return routeEvents(
    on(PaymentRequested, (event) => authorizePaymentWhenPaymentRequested(deps, event)),
    on(OrderConfirmed, (event) => capturePaymentWhenOrderConfirmed(deps, event)),
    on(OrderCancelled, (event) => voidOrRefundPaymentWhenOrderCancelled(deps, event)),
  );
}

/** Applies one orders.events envelope (tests feed events through it directly). */
export const createOrderEventHandler = (deps: HandlerDeps) => orderEventRoutes(deps).handle;

/** The env variable naming this service's consumer group (production: payments.orders). */
export type ConsumerGroupEnv = 'ORDERS_CONSUMER_GROUP';

/**
 * The consumer of orders.events. It reads from the beginning when its group is new, so a
 * fresh deployment catches up on every order; the inbox and the payments' states make
 * re-reading harmless.
 */
export function consumerTable(deps: HandlerDeps): ConsumerTableEntry<ConsumerGroupEnv>[] {
  return [{ groupEnv: 'ORDERS_CONSUMER_GROUP', topics: [TOPICS.orders], handler: orderEventRoutes(deps) }];
}
