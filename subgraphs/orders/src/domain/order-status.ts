import { ORDER_STATUSES } from '@commerce/events';

export { ORDER_STATUSES };
export type OrderStatus = (typeof ORDER_STATUSES)[number];

/**
 * The order state machine (docs/saga.md#states): the happy path PENDING → AWAITING_PAYMENT →
 * CONFIRMED → SHIPPED → DELIVERED, and CANCELLED from any state before SHIPPED. DELIVERED
 * and CANCELLED are final.
 */
const NEXT: Record<OrderStatus, readonly OrderStatus[]> = {
  PENDING: ['AWAITING_PAYMENT', 'CANCELLED'],
  AWAITING_PAYMENT: ['CONFIRMED', 'CANCELLED'],
  CONFIRMED: ['SHIPPED', 'CANCELLED'],
  SHIPPED: ['DELIVERED'],
  DELIVERED: [],
  CANCELLED: [],
};

/** One step of an order's history; `from` is null for the placement. */
export interface Transition {
  from: OrderStatus | null;
  to: OrderStatus;
  reason: string;
}

export class IllegalTransitionError extends Error {
  constructor(
    readonly from: OrderStatus,
    readonly to: OrderStatus,
  ) {
    super(`An order cannot go from ${from} to ${to}.`);
    this.name = 'IllegalTransitionError';
  }
}

export function canTransition(from: OrderStatus, to: OrderStatus): boolean {
  return NEXT[from].includes(to);
}

/** The transition from `from` to `to`; throws IllegalTransitionError when the machine has no such edge. */
export function transition(from: OrderStatus, to: OrderStatus, reason: string): Transition {
  if (!canTransition(from, to)) throw new IllegalTransitionError(from, to);
  return { from, to, reason };
}

/** Where every order starts. */
export const PLACEMENT: Transition = { from: null, to: 'PENDING', reason: 'PLACED' };

export const isCancellable = (status: OrderStatus) => canTransition(status, 'CANCELLED');

/** Unpaid orders are the ones the payment deadline applies to. */
export const UNPAID_STATUSES = ['PENDING', 'AWAITING_PAYMENT'] as const satisfies readonly OrderStatus[];

export type CancelDecision = { ok: true; transition: Transition } | { ok: false; message: string };

/**
 * A cancellation asked for by a person (the customer or an admin) or by the payment
 * deadline. Refused once the goods have left (SHIPPED, DELIVERED) or when already cancelled.
 */
export function decideCancellation(order: { status: OrderStatus; number: string }, reason: string): CancelDecision {
  if (isCancellable(order.status)) return { ok: true, transition: transition(order.status, 'CANCELLED', reason) };
  const why: Record<string, string> = {
    SHIPPED: 'has already shipped',
    DELIVERED: 'has already been delivered',
    CANCELLED: 'is already cancelled',
  };
  return { ok: false, message: `Order ${order.number} ${why[order.status] ?? `is ${order.status}`} and can no longer be cancelled.` };
}
