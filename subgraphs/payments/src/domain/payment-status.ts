/**
 * PENDING (the intent to authorize is recorded, the gateway has not answered yet)
 *   → AUTHORIZED → CAPTURED → PARTIALLY_REFUNDED → REFUNDED
 *   → FAILED (declined, or no usable payment method)
 * AUTHORIZED → VOIDED (order cancelled before capture)
 */
export const PAYMENT_STATUSES = ['PENDING', 'AUTHORIZED', 'FAILED', 'CAPTURED', 'VOIDED', 'PARTIALLY_REFUNDED', 'REFUNDED'] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];
