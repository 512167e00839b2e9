import {
  OrderCancelled,
  OrderConfirmed,
  OrderDelivered,
  OrderPlaced,
  OrderShipped,
  OrderStatusChanged,
  PaymentRequested,
  ShipmentRequested,
  newEvent,
  type EventEnvelope,
} from '@commerce/events';
import type { Order, OrderLine } from './order.ts';
import type { Transition } from './order-status.ts';

/** How a reaction links back to what caused it (docs/events.md#envelope). */
export interface Cause {
  /** The event the transition reacts to; none for requests and the expiry. */
  causationId?: string;
}

/**
 * The events one transition emits: the specific saga event, then OrderStatusChanged with
 * `version`, the order's version right after this transition (its position in the history).
 * Every event about an order is keyed by it and carries the saga's correlation id.
 */
export function eventsFor(
  // An order's events never carry its number, which placement draws in the order's insert.
  order: Omit<Order, 'number'>,
  lines: readonly OrderLine[],
  step: Transition,
  version: number,
  at: Date,
  cause: Cause = {},
): EventEnvelope[] {
  const meta = { aggregateId: order.id, correlationId: order.correlationId, ...cause, occurredAt: at };
  const time = at.toISOString();
  const ids = { orderId: order.id, customerId: order.customerId };
  const money = (amount: number) => ({ amount, currency: order.currency });
  const specific: EventEnvelope[] = [];
  switch (step.to) {
    case 'PENDING':
      specific.push(
        newEvent(OrderPlaced, {
          ...meta,
          data: {
            ...ids,
            lines: lines.map((line) => ({
              productId: line.productId,
              variantId: line.variantId,
              sku: line.sku,
              name: line.name,
              quantity: line.quantity,
              unitPrice: money(line.unitPrice),
              weightGrams: line.weightGrams,
            })),
            total: money(order.total),
            paymentMethodId: order.paymentMethodId,
            placedAt: time,
          },
        }),
      );
      break;
    case 'AWAITING_PAYMENT':
      specific.push(
        newEvent(PaymentRequested, {
          ...meta,
          data: { ...ids, paymentMethodId: order.paymentMethodId, amount: money(order.total), requestedAt: time },
        }),
      );
      break;
    case 'CONFIRMED':
      specific.push(
        newEvent(OrderConfirmed, { ...meta, data: { ...ids, total: money(order.total), confirmedAt: time } }),
        newEvent(ShipmentRequested, {
          ...meta,
          data: {
            ...ids,
            service: order.shippingService,
            address: order.shippingAddress,
            lines: lines.map((line) => ({ variantId: line.variantId, sku: line.sku, quantity: line.quantity, weightGrams: line.weightGrams })),
            requestedAt: time,
          },
        }),
      );
      break;
    case 'SHIPPED':
      specific.push(newEvent(OrderShipped, { ...meta, data: { ...ids, shippedAt: time } }));
      break;
    case 'DELIVERED':
      specific.push(
        newEvent(OrderDelivered, {
          ...meta,
          data: { ...ids, lines: lines.map((line) => ({ productId: line.productId, variantId: line.variantId })), deliveredAt: time },
        }),
      );
      break;
    case 'CANCELLED':
      specific.push(newEvent(OrderCancelled, { ...meta, data: { ...ids, reason: step.reason, cancelledAt: time } }));
      break;
  }
  const changed = newEvent(OrderStatusChanged, {
    ...meta,
    data: { ...ids, previous: step.from, next: step.to, reason: step.reason, version, changedAt: time },
  });
  return [...specific, changed];
}
