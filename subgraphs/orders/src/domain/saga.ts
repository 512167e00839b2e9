import { transition, type OrderStatus, type Transition } from './order-status.ts';

/**
 * What the other services have told an order so far. Facts are remembered even when the
 * order cannot act on them yet, because events from different topics may arrive in any
 * order (a redelivery, a consumer catching up on one topic before another): the order then
 * advances as soon as the missing predecessor arrives. For each step the first outcome
 * wins; a later, contradicting one is ignored.
 */
export interface SagaFacts {
  stock?: { outcome: 'RESERVED' } | { outcome: 'FAILED'; reason: string };
  payment?: { outcome: 'AUTHORIZED'; paymentId: string } | { outcome: 'FAILED'; code: string };
  /** The shipment left the warehouse (IN_TRANSIT or any later carrier status). */
  inTransit?: true;
  delivered?: true;
}

/** A saga event, reduced to what the order needs from it. */
export type SagaSignal =
  | { kind: 'stock-reserved' }
  | { kind: 'stock-reservation-failed'; reason: string }
  | { kind: 'payment-authorized'; paymentId: string }
  | { kind: 'payment-failed'; code: string }
  | { kind: 'shipment-in-transit' }
  | { kind: 'shipment-delivered' };

export const REASONS = {
  stockReserved: 'STOCK_RESERVED',
  paymentAuthorized: 'PAYMENT_AUTHORIZED',
  inTransit: 'SHIPMENT_IN_TRANSIT',
  delivered: 'SHIPMENT_DELIVERED',
  expired: 'EXPIRED',
  paymentDeclined: (code: string) => `PAYMENT_DECLINED: ${code}`,
} as const;

/** The facts after a signal, or undefined when the signal adds nothing (a duplicate or a contradiction). */
export function recordFact(facts: SagaFacts, signal: SagaSignal): SagaFacts | undefined {
  switch (signal.kind) {
    case 'stock-reserved':
      return facts.stock ? undefined : { ...facts, stock: { outcome: 'RESERVED' } };
    case 'stock-reservation-failed':
      return facts.stock ? undefined : { ...facts, stock: { outcome: 'FAILED', reason: signal.reason } };
    case 'payment-authorized':
      return facts.payment ? undefined : { ...facts, payment: { outcome: 'AUTHORIZED', paymentId: signal.paymentId } };
    case 'payment-failed':
      return facts.payment ? undefined : { ...facts, payment: { outcome: 'FAILED', code: signal.code } };
    case 'shipment-in-transit':
      return facts.inTransit ? undefined : { ...facts, inTransit: true };
    case 'shipment-delivered':
      return facts.delivered ? undefined : { ...facts, delivered: true };
  }
}

/** The one transition the facts allow from `status`, if any. */
function nextStep(status: OrderStatus, facts: SagaFacts): Transition | undefined {
  switch (status) {
    case 'PENDING':
      if (facts.stock?.outcome === 'RESERVED') return transition(status, 'AWAITING_PAYMENT', REASONS.stockReserved);
      if (facts.stock?.outcome === 'FAILED') return transition(status, 'CANCELLED', facts.stock.reason);
      return undefined;
    case 'AWAITING_PAYMENT':
      if (facts.payment?.outcome === 'AUTHORIZED') return transition(status, 'CONFIRMED', REASONS.paymentAuthorized);
      if (facts.payment?.outcome === 'FAILED') return transition(status, 'CANCELLED', REASONS.paymentDeclined(facts.payment.code));
      return undefined;
    case 'CONFIRMED':
      // A delivery implies the parcel travelled, even when its IN_TRANSIT event is late or lost.
      if (facts.inTransit) return transition(status, 'SHIPPED', REASONS.inTransit);
      if (facts.delivered) return transition(status, 'SHIPPED', REASONS.delivered);
      return undefined;
    case 'SHIPPED':
      return facts.delivered ? transition(status, 'DELIVERED', REASONS.delivered) : undefined;
    case 'DELIVERED':
    case 'CANCELLED':
      return undefined;
  }
}

/** Every transition the facts allow from `status`, in order (an order may pass several states at once). */
export function advance(status: OrderStatus, facts: SagaFacts): Transition[] {
  const steps: Transition[] = [];
  let current = status;
  for (let step = nextStep(current, facts); step; step = nextStep(current, facts)) {
    steps.push(step);
    current = step.to;
  }
  return steps;
}

export interface Reaction {
  status: OrderStatus;
  facts: SagaFacts;
  transitions: Transition[];
}

/**
 * An order's reaction to a saga signal, or undefined when nothing changes (a duplicate, a
 * contradiction, or a late event for a final order). Which transitions happen, and so which
 * events are emitted, does not depend on the order the signals arrive in.
 *
 * In particular a PaymentAuthorized before StockReserved does not confirm an order without a
 * reservation: it is remembered, and the order passes AWAITING_PAYMENT and CONFIRMED together
 * once the reservation arrives (or it is cancelled by the expiry if it never does, and
 * payments voids the authorization on OrderCancelled).
 */
export function react(order: { status: OrderStatus; facts: SagaFacts }, signal: SagaSignal): Reaction | undefined {
  const facts = recordFact(order.facts, signal);
  if (!facts) return undefined;
  const transitions = advance(order.status, facts);
  return { status: transitions.at(-1)?.to ?? order.status, facts, transitions };
}
