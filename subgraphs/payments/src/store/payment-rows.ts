import type { EntityManager } from 'typeorm';
import type { OrderFacts, Payment, RefundIntent } from '../domain/payment.ts';
import { RefundEntity, type PaymentRow } from './entities.ts';

// How the payments and order_facts rows map to the domain's Payment and OrderFacts.

export interface FactsRow {
  capture_requested_at: Date | null;
  cancelled_at: Date | null;
  cancel_reason: string | null;
}

export const toFacts = (row: FactsRow | undefined): OrderFacts => ({
  captureRequested: row?.capture_requested_at != null,
  cancelled: row?.cancelled_at != null,
  cancelReason: row?.cancel_reason ?? null,
});

/** The one way a payments row becomes a Payment: every read selects PAYMENT_COLUMNS and maps them with fromColumns. */
function toPayment(row: PaymentRow): Payment {
  const { methodBrand, methodLast4, ...rest } = row;
  return { ...rest, method: methodBrand && methodLast4 ? { brand: methodBrand, last4: methodLast4 } : null };
}

/** The payments row of a Payment (toPayment's inverse). */
export function toRow(payment: Payment): PaymentRow {
  const { method, ...rest } = payment;
  return { ...rest, methodBrand: method?.brand ?? null, methodLast4: method?.last4 ?? null };
}

/** Locks the order's facts row, creating it when the order is new to payments: the per-order mutex. */
export async function lockFacts(manager: EntityManager, orderId: string): Promise<OrderFacts> {
  const [row] = await manager.query<FactsRow[]>(
    `insert into order_facts (order_id) values ($1)
     on conflict (order_id) do update set order_id = excluded.order_id
     returning capture_requested_at, cancelled_at, cancel_reason`,
    [orderId],
  );
  return toFacts(row);
}

// The hot reads (every saga step reads the payment) are plain SQL: TypeORM's query builder
// cost more CPU than the query itself.
export const PAYMENT_COLUMNS = `p.id, p.order_id, p.customer_id, p.payment_method_id, p.method_brand, p.method_last4, p.amount,
  p.currency, p.status, p.captured_amount, p.refunded_amount, p.authorization_reference, p.capture_reference,
  p.failure_code, p.failure_message, p.correlation_id, p.created_at, p.updated_at`;

export interface PaymentColumns {
  id: string;
  order_id: string;
  customer_id: string;
  payment_method_id: string | null;
  method_brand: PaymentRow['methodBrand'];
  method_last4: string | null;
  amount: string;
  currency: string;
  status: PaymentRow['status'];
  captured_amount: string;
  refunded_amount: string;
  authorization_reference: string | null;
  capture_reference: string | null;
  failure_code: PaymentRow['failureCode'];
  failure_message: string | null;
  correlation_id: string | null;
  created_at: Date;
  updated_at: Date;
}

export const fromColumns = (row: PaymentColumns): Payment =>
  toPayment({
    id: row.id,
    orderId: row.order_id,
    customerId: row.customer_id,
    paymentMethodId: row.payment_method_id,
    methodBrand: row.method_brand,
    methodLast4: row.method_last4,
    amount: Number(row.amount),
    currency: row.currency,
    status: row.status,
    capturedAmount: Number(row.captured_amount),
    refundedAmount: Number(row.refunded_amount),
    authorizationReference: row.authorization_reference,
    captureReference: row.capture_reference,
    failureCode: row.failure_code,
    failureMessage: row.failure_message,
    correlationId: row.correlation_id,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  });

export async function paymentOf(manager: EntityManager, orderId: string): Promise<Payment | undefined> {
  const [row] = await manager.query<PaymentColumns[]>(`select ${PAYMENT_COLUMNS} from payments p where p.order_id = $1`, [orderId]);
  return row ? fromColumns(row) : undefined;
}

export async function pendingRefundsOf(manager: EntityManager, paymentId: string): Promise<RefundIntent[]> {
  const rows = await manager.getRepository(RefundEntity).find({ where: { paymentId, status: 'PENDING' }, order: { id: 'ASC' } });
  return rows.map(({ id, amount, reason }) => ({ id, amount, reason }));
}

/** What a single-statement write returns: the facts as locked, the payment as written or read (columns null when none). */
export type WrittenRow = FactsRow & Partial<PaymentColumns> & { gateway_token?: string | null };
