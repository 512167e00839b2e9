/** One call to the gateway on a payment's behalf, as recorded once its outcome is known. */
export const TRANSACTION_KINDS = ['AUTHORIZATION', 'CAPTURE', 'VOID', 'REFUND'] as const;
export type TransactionKind = (typeof TRANSACTION_KINDS)[number];
export type TransactionStatus = 'SUCCEEDED' | 'FAILED';

export interface PaymentTransaction {
  id: string;
  paymentId: string;
  kind: TransactionKind;
  status: TransactionStatus;
  amount: number;
  currency: string;
  /** The gateway's id of the operation (authorization, capture, void or refund id). */
  gatewayReference: string | null;
  refundId: string | null;
  failureCode: string | null;
  createdAt: Date;
}

/** PENDING while the gateway has not confirmed it; only SUCCEEDED refunds count as given back. */
export const REFUND_STATUSES = ['PENDING', 'SUCCEEDED', 'FAILED'] as const;
export type RefundStatus = (typeof REFUND_STATUSES)[number];

export interface Refund {
  id: string;
  paymentId: string;
  amount: number;
  currency: string;
  reason: string;
  status: RefundStatus;
  gatewayReference: string | null;
  createdAt: Date;
  completedAt: Date | null;
}
