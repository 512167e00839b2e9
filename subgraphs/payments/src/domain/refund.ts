import type { Money } from '@commerce/domain-kit';
import type { PaymentStatus } from './payment-status.ts';

/** Only money that was taken can be given back. */
export const REFUNDABLE_STATUSES: readonly PaymentStatus[] = ['CAPTURED', 'PARTIALLY_REFUNDED'];

/** What is left to refund: captured, minus refunded, minus refunds still on their way to the gateway. */
export function refundableAmount(payment: { capturedAmount: number; refundedAmount: number }, pendingTotal: number): number {
  return Math.max(0, payment.capturedAmount - payment.refundedAmount - pendingTotal);
}

export type RefundRefusal = 'NOT_CAPTURED' | 'FULLY_REFUNDED' | 'EXCEEDS_REFUNDABLE' | 'CURRENCY_MISMATCH';

export type RefundPlan = { ok: true; amount: number } | { ok: false; reason: RefundRefusal; refundable: number };

/**
 * How much a refund request gives back: the requested amount when it fits, everything left
 * when none is requested. Partial refunds may add up to the captured amount, never more.
 */
export function planRefund(
  payment: { status: PaymentStatus; currency: string; capturedAmount: number; refundedAmount: number },
  pendingTotal: number,
  requested: Money | undefined,
): RefundPlan {
  const refundable = refundableAmount(payment, pendingTotal);
  if (!REFUNDABLE_STATUSES.includes(payment.status)) {
    return { ok: false, reason: payment.status === 'REFUNDED' ? 'FULLY_REFUNDED' : 'NOT_CAPTURED', refundable: 0 };
  }
  if (requested && requested.currency !== payment.currency) return { ok: false, reason: 'CURRENCY_MISMATCH', refundable };
  if (refundable === 0) return { ok: false, reason: 'FULLY_REFUNDED', refundable };
  if (!requested) return { ok: true, amount: refundable };
  if (requested.amount > refundable) return { ok: false, reason: 'EXCEEDS_REFUNDABLE', refundable };
  return { ok: true, amount: requested.amount };
}
