import type { EventEnvelope } from '@commerce/events';
import { OrdersError } from './errors.ts';
import { eventsFor, type Cause } from './order-events.ts';
import { PLACEMENT, type OrderStatus, type Transition } from './order-status.ts';
import type { Order, OrderLine } from './order.ts';
import { priceOrder, unshippableMessage, type ShippingPolicy } from './pricing.ts';
import type { SagaFacts } from './saga.ts';

/**
 * A change of an existing order: the order before (whose lock the change was decided under) and
 * after, the transitions it went through (its history rows) and the events they emit.
 */
export interface OrderChange {
  before: Order;
  order: Order;
  transitions: Transition[];
  events: EventEnvelope[];
}

/**
 * The order with its new status and facts, its version grown by one per transition, and the
 * events of each transition at the version it reaches. `lines` are the order's lines, which
 * CONFIRMED and DELIVERED announce (none needed for other transitions).
 */
export function changeOrder(
  order: Order,
  change: { status: OrderStatus; facts: SagaFacts; transitions: Transition[] },
  lines: readonly OrderLine[],
  at: Date,
  cause: Cause,
): OrderChange {
  const updated: Order = { ...order, status: change.status, facts: change.facts, updatedAt: at, version: order.version + change.transitions.length };
  const events = change.transitions.flatMap((step, index) => eventsFor(updated, lines, step, order.version + index + 1, at, cause));
  return { before: order, order: updated, transitions: change.transitions, events };
}

/** A new order, without the number its insert draws, with its lines and the events of its placement. */
export interface Placement {
  order: Omit<Order, 'number'>;
  lines: OrderLine[];
  events: EventEnvelope[];
}

/**
 * A PENDING order of checked-out lines to `shippingAddress`, priced by the policy with shipping
 * at the rate shipping quotes, with OrderPlaced and OrderStatusChanged; BAD_USER_INPUT
 * (OrdersError) when no carrier can take the parcel.
 */
export function placeOrder(
  policy: ShippingPolicy,
  lines: OrderLine[],
  fields: Pick<Order, 'id' | 'customerId' | 'currency' | 'shippingAddress' | 'shippingService' | 'paymentMethodId' | 'idempotencyKey' | 'correlationId'>,
  now: Date,
): Placement {
  const priced = priceOrder(policy, { country: fields.shippingAddress.country, lines, service: fields.shippingService });
  if (!priced.ok) throw new OrdersError('BAD_USER_INPUT', unshippableMessage(priced));
  const order: Omit<Order, 'number'> = {
    ...fields,
    status: 'PENDING',
    ...priced.totals,
    facts: {},
    placedAt: now,
    updatedAt: now,
    version: 1,
  };
  return { order, lines, events: eventsFor(order, lines, PLACEMENT, order.version, now) };
}
