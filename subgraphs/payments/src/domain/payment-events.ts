import { PaymentAuthorized, PaymentCaptured, PaymentFailed, PaymentRefunded, PaymentVoided, newEvent, type EventEnvelope } from '@commerce/events';
import type { Money } from '@commerce/domain-kit';
import type { CardBrand } from './card.ts';
import { statusAfterRefunds, type FailureCode, type Payment, type PaymentChange } from './payment.ts';
import type { TransactionKind } from './transaction.ts';

/** How events a change emits link back to what caused it (docs/events.md#envelope). */
export interface Cause {
  correlationId?: string;
  causationId?: string;
}

export type AuthorizationOutcome =
  | { approved: true; authorizationId: string }
  | { approved: false; code: FailureCode; message: string };

/** The facts every payment event carries. */
const factsOf = (payment: Payment) => ({
  orderId: payment.orderId,
  paymentId: payment.id,
  customerId: payment.customerId,
  amount: { amount: payment.amount, currency: payment.currency },
});

/** Events no incoming event caused (admin actions, the sweeper) still belong to the order's saga. */
const causeFor = (payment: Payment, cause: Cause): Cause =>
  cause.correlationId || !payment.correlationId ? cause : { ...cause, correlationId: payment.correlationId };

/** The payment method a request names, as payments keeps it. */
export interface MethodOnFile {
  id: string;
  customerId: string;
  brand: CardBrand;
  last4: string;
  removedAt: Date | null;
}

/**
 * A requested payment: PENDING, to be authorized, or FAILED at once (PaymentFailed, without
 * asking the gateway) when the method is unknown, removed or another customer's, or the amount
 * is not positive.
 */
export function requestPayment(
  request: { orderId: string; customerId: string; amount: Money },
  method: MethodOnFile | undefined,
  at: { id: string; now: Date; cause: Cause },
): { payment: Payment; usable: boolean; events: EventEnvelope[] } {
  const { orderId, customerId, amount } = request;
  const usable = method !== undefined && method.customerId === customerId && method.removedAt === null;
  const failure: { code: FailureCode; message: string } | undefined = !usable
    ? { code: 'PAYMENT_METHOD_NOT_FOUND', message: 'The customer has no such payment method.' }
    : amount.amount <= 0
      ? { code: 'PROCESSING_ERROR', message: 'The amount to authorize must be positive.' }
      : undefined;
  const payment: Payment = {
    id: at.id,
    orderId,
    customerId,
    paymentMethodId: usable ? method.id : null,
    method: usable ? { brand: method.brand, last4: method.last4 } : null,
    amount: amount.amount,
    currency: amount.currency,
    status: failure ? 'FAILED' : 'PENDING',
    capturedAmount: 0,
    refundedAmount: 0,
    authorizationReference: null,
    captureReference: null,
    failureCode: failure?.code ?? null,
    failureMessage: failure?.message ?? null,
    correlationId: at.cause.correlationId ?? null,
    createdAt: at.now,
    updatedAt: at.now,
  };
  const events = failure
    ? [newEvent(PaymentFailed, { aggregateId: orderId, ...at.cause, data: { ...factsOf(payment), ...failure, failedAt: at.now.toISOString() } })]
    : [];
  return { payment, usable, events };
}

/**
 * A gateway result as a change of the payment: what it becomes (`set`, recorded only while its
 * status allows `change`), the transaction row, and the event.
 */
export interface ResultChange {
  change: PaymentChange;
  set: Partial<Pick<Payment, 'status' | 'authorizationReference' | 'captureReference' | 'capturedAmount' | 'failureCode' | 'failureMessage'>>;
  transaction: { kind: TransactionKind; status: 'SUCCEEDED' | 'FAILED'; gatewayReference: string | null; failureCode?: string };
  event: EventEnvelope;
}

/** The gateway's answer to the authorization: AUTHORIZED with PaymentAuthorized, or FAILED with PaymentFailed. */
export function authorizationResult(payment: Payment, outcome: AuthorizationOutcome, cause: Cause, now = new Date()): ResultChange {
  const eventCause = causeFor(payment, cause);
  const at = now.toISOString();
  if (outcome.approved) {
    return {
      change: 'authorized',
      set: { status: 'AUTHORIZED', authorizationReference: outcome.authorizationId },
      transaction: { kind: 'AUTHORIZATION', status: 'SUCCEEDED', gatewayReference: outcome.authorizationId },
      event: newEvent(PaymentAuthorized, { aggregateId: payment.orderId, ...eventCause, data: { ...factsOf(payment), authorizedAt: at } }),
    };
  }
  return {
    change: 'declined',
    set: { status: 'FAILED', failureCode: outcome.code, failureMessage: outcome.message },
    transaction: { kind: 'AUTHORIZATION', status: 'FAILED', gatewayReference: null, failureCode: outcome.code },
    event: newEvent(PaymentFailed, {
      aggregateId: payment.orderId,
      ...eventCause,
      data: { ...factsOf(payment), code: outcome.code, message: outcome.message, failedAt: at },
    }),
  };
}

/** The capture of the full authorized amount, with PaymentCaptured. */
export function captureResult(payment: Payment, captureId: string, cause: Cause, now = new Date()): ResultChange {
  return {
    change: 'captured',
    set: { status: 'CAPTURED', capturedAmount: payment.amount, captureReference: captureId },
    transaction: { kind: 'CAPTURE', status: 'SUCCEEDED', gatewayReference: captureId },
    event: newEvent(PaymentCaptured, {
      aggregateId: payment.orderId,
      ...causeFor(payment, cause),
      data: { ...factsOf(payment), capturedAt: now.toISOString() },
    }),
  };
}

/** The void of the authorization, with PaymentVoided. */
export function voidResult(payment: Payment, voidId: string, cause: Cause, now = new Date()): ResultChange {
  return {
    change: 'voided',
    set: { status: 'VOIDED' },
    transaction: { kind: 'VOID', status: 'SUCCEEDED', gatewayReference: voidId },
    event: newEvent(PaymentVoided, {
      aggregateId: payment.orderId,
      ...causeFor(payment, cause),
      data: { ...factsOf(payment), voidedAt: now.toISOString() },
    }),
  };
}

/** A refund the gateway confirmed: the payment's new refunded total and status, with PaymentRefunded. */
export function refundResult(
  payment: Payment,
  refund: { id: string; amount: number; reason: string },
  cause: Cause,
  now: Date,
): { refundedAmount: number; status: 'PARTIALLY_REFUNDED' | 'REFUNDED'; event: EventEnvelope } {
  const refundedAmount = payment.refundedAmount + refund.amount;
  return {
    refundedAmount,
    status: statusAfterRefunds(payment.capturedAmount, refundedAmount),
    event: newEvent(PaymentRefunded, {
      aggregateId: payment.orderId,
      ...causeFor(payment, cause),
      data: {
        ...factsOf(payment),
        amount: { amount: refund.amount, currency: payment.currency },
        refundId: refund.id,
        refundedTotal: { amount: refundedAmount, currency: payment.currency },
        reason: refund.reason,
        refundedAt: now.toISOString(),
      },
    }),
  };
}
