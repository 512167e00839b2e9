import type { PAYMENT_FAILURE_CODES } from '@commerce/events';
import type { CardBrand } from './card.ts';
import type { PaymentStatus } from './payment-status.ts';
import { REFUNDABLE_STATUSES, refundableAmount } from './refund.ts';

export type FailureCode = (typeof PAYMENT_FAILURE_CODES)[number];

/** One payment per order. Amounts are minor units in the payment's currency. */
export interface Payment {
  id: string;
  orderId: string;
  customerId: string;
  paymentMethodId: string | null;
  /** What the customer paid with, copied when the payment was requested (the method may be removed later). */
  method: { brand: CardBrand; last4: string } | null;
  amount: number;
  currency: string;
  status: PaymentStatus;
  capturedAmount: number;
  refundedAmount: number;
  /** The gateway's ids, needed to capture, void or refund. */
  authorizationReference: string | null;
  captureReference: string | null;
  failureCode: FailureCode | null;
  failureMessage: string | null;
  /** The order saga's correlation id, for events no incoming event causes (admin actions, the sweeper). */
  correlationId: string | null;
  createdAt: Date;
  updatedAt: Date;
}

/**
 * What payments knows about an order from orders.events (and admin actions), kept apart
 * from the payment because it may arrive before the payment exists: an OrderConfirmed or
 * OrderCancelled delivered ahead of its PaymentRequested is remembered here and acted on
 * once the payment can take it.
 */
export interface OrderFacts {
  captureRequested: boolean;
  cancelled: boolean;
  cancelReason: string | null;
}

export const NO_FACTS: OrderFacts = { captureRequested: false, cancelled: false, cancelReason: null };

/** A refund recorded as intended and not yet confirmed by the gateway. */
export interface RefundIntent {
  id: string;
  amount: number;
  reason: string;
}

/** The next gateway call (or record) that brings a payment closer to what its order's facts ask for. */
export type Step =
  | { kind: 'authorize' }
  | { kind: 'capture' }
  | { kind: 'void' }
  /** Send a recorded refund intent to the gateway. */
  | { kind: 'refund'; refund: RefundIntent }
  /** Record the intent to refund what is left of a captured payment of a cancelled order. */
  | { kind: 'refund-remaining'; amount: number }
  | { kind: 'none' };

/**
 * The one place deciding what to do next, whatever order the facts arrived in. Cancellation
 * wins over capture: an authorized payment of a cancelled order is voided even if its
 * OrderConfirmed was seen, and a captured one is refunded in full. A PENDING payment is
 * authorized even when a cancellation arrived meanwhile, because an earlier attempt may have
 * reached the gateway: repeating it with the same idempotency key learns its outcome (or
 * makes it), and the authorization is voided right after, so no hold is left on the card.
 */
export function nextStep(payment: Payment | undefined, facts: OrderFacts, pendingRefunds: readonly RefundIntent[]): Step {
  if (!payment) return { kind: 'none' };
  const [pending] = pendingRefunds;
  if (pending) return { kind: 'refund', refund: pending };
  switch (payment.status) {
    case 'PENDING':
      return { kind: 'authorize' };
    case 'AUTHORIZED':
      if (facts.cancelled) return { kind: 'void' };
      return facts.captureRequested ? { kind: 'capture' } : { kind: 'none' };
    case 'CAPTURED':
    case 'PARTIALLY_REFUNDED': {
      const remaining = refundableAmount(payment, 0);
      return facts.cancelled && remaining > 0 ? { kind: 'refund-remaining', amount: remaining } : { kind: 'none' };
    }
    default:
      return { kind: 'none' };
  }
}

export type PaymentChange = 'authorized' | 'declined' | 'captured' | 'voided' | 'refunded';

const ALLOWED_FROM: Record<PaymentChange, readonly PaymentStatus[]> = {
  authorized: ['PENDING'],
  declined: ['PENDING'],
  captured: ['AUTHORIZED'],
  voided: ['AUTHORIZED'],
  refunded: ['CAPTURED', 'PARTIALLY_REFUNDED'],
};

/**
 * Whether a gateway result may still be recorded on a payment in `status`. A result that
 * arrives when the payment has moved on (a concurrent delivery recorded it first) is
 * dropped, which is what keeps one authorization and one capture per order.
 */
export function canApply(status: PaymentStatus, change: PaymentChange): boolean {
  return ALLOWED_FROM[change].includes(status);
}

/** The statuses a payment may be in for `change` to be recorded (canApply as a list, for a conditional write). */
export function statusesAllowing(change: PaymentChange): readonly PaymentStatus[] {
  return ALLOWED_FROM[change];
}

/**
 * Whether a payment in `status` can have refunds at all: they are planned only on money that was
 * taken (planRefund), so a payment that never reached a refundable status has none.
 */
export function mayHaveRefunds(status: PaymentStatus): boolean {
  return REFUNDABLE_STATUSES.includes(status) || status === 'REFUNDED';
}

/** The status once `refundedTotal` of `capturedAmount` has been given back. */
export function statusAfterRefunds(capturedAmount: number, refundedTotal: number): 'PARTIALLY_REFUNDED' | 'REFUNDED' {
  return refundedTotal >= capturedAmount ? 'REFUNDED' : 'PARTIALLY_REFUNDED';
}
