import { In, type DataSource } from 'typeorm';
import type { Payment, RefundIntent } from '../domain/payment.ts';
import type { MethodOnFile } from '../domain/payment-events.ts';
import type { PaymentTransaction, Refund } from '../domain/transaction.ts';
import { RefundEntity, TransactionEntity, type PaymentRow } from './entities.ts';
import { PAYMENT_COLUMNS, fromColumns, toFacts, type FactsRow, type PaymentColumns } from './payment-rows.ts';

import type { OrderFacts } from '../domain/payment.ts';

/** What the processor needs to decide and take the next step for an order. */
export interface PaymentSnapshot {
  payment: Payment | undefined;
  facts: OrderFacts;
  pendingRefunds: RefundIntent[];
  /** The gateway token of the payment's method (kept even if the method was removed since). */
  token: string | null;
}

/** A snapshot of an order that has a payment. */
export type PaymentState = PaymentSnapshot & { payment: Payment };

/** The payments database's reads: no lock taken (every write re-checks under the order's lock). */
export function createPaymentReads(dataSource: DataSource) {
  return {
    /** Payments by id, in the order of `ids`. */
    async findByIds(ids: readonly string[]): Promise<(Payment | undefined)[]> {
      const rows = await dataSource.query<PaymentColumns[]>(`select ${PAYMENT_COLUMNS} from payments p where p.id = any($1::text[])`, [[...ids]]);
      const byId = new Map(rows.map((row) => [row.id, fromColumns(row)]));
      return ids.map((id) => byId.get(id));
    },

    /** Payments by order id, in the order of `orderIds`. */
    async findByOrderIds(orderIds: readonly string[]): Promise<(Payment | undefined)[]> {
      const rows = await dataSource.query<PaymentColumns[]>(`select ${PAYMENT_COLUMNS} from payments p where p.order_id = any($1::text[])`, [
        [...orderIds],
      ]);
      const byOrder = new Map(rows.map((row) => [row.order_id, fromColumns(row)]));
      return orderIds.map((id) => byOrder.get(id));
    },

    /** Each payment's transactions, oldest first. */
    async transactionsOf(paymentIds: readonly string[]): Promise<PaymentTransaction[][]> {
      const rows = await dataSource.getRepository(TransactionEntity).find({ where: { paymentId: In([...paymentIds]) }, order: { id: 'ASC' } });
      return paymentIds.map((id) => rows.filter((row) => row.paymentId === id));
    },

    /** Each payment's refunds, oldest first, pending and failed ones included. */
    async refundsOf(paymentIds: readonly string[]): Promise<Refund[][]> {
      const rows = await dataSource.getRepository(RefundEntity).find({ where: { paymentId: In([...paymentIds]) }, order: { id: 'ASC' } });
      return paymentIds.map((id) => rows.filter((row) => row.paymentId === id));
    },

    /** The order's payment and facts as they are now (unlocked: every write re-checks under the lock). */
    async snapshot(orderId: string): Promise<PaymentSnapshot> {
      // One round trip: the payment with its method's token, the order's facts and the pending refunds.
      const [row] = await dataSource.query<(Partial<PaymentColumns> & FactsRow & { gateway_token: string | null; pending_refunds: RefundIntent[] })[]>(
        `select ${PAYMENT_COLUMNS}, f.capture_requested_at, f.cancelled_at, f.cancel_reason, m.gateway_token,
                coalesce((select json_agg(json_build_object('id', r.id, 'amount', r.amount, 'reason', r.reason) order by r.id)
                            from refunds r where r.payment_id = p.id and r.status = 'PENDING'), '[]'::json) as pending_refunds
           from (select $1::text as order_id) o
           left join payments p on p.order_id = o.order_id
           left join order_facts f on f.order_id = o.order_id
           left join payment_methods m on m.id = p.payment_method_id`,
        [orderId],
      );
      if (!row?.id) return { payment: undefined, facts: toFacts(row), pendingRefunds: [], token: null };
      return { payment: fromColumns(row as PaymentColumns), facts: toFacts(row), pendingRefunds: row.pending_refunds, token: row.gateway_token };
    },

    /** The payment method a request names, with its gateway token; undefined when there is none. */
    async methodOnFile(paymentMethodId: string): Promise<(MethodOnFile & { gatewayToken: string }) | undefined> {
      const [method] = await dataSource.query<
        { id: string; customer_id: string; brand: PaymentRow['methodBrand']; last4: string; gateway_token: string; removed_at: Date | null }[]
      >('select id, customer_id, brand, last4, gateway_token, removed_at from payment_methods where id = $1', [paymentMethodId]);
      if (!method?.brand) return undefined;
      return {
        id: method.id,
        customerId: method.customer_id,
        brand: method.brand,
        last4: method.last4,
        removedAt: method.removed_at,
        gatewayToken: method.gateway_token,
      };
    },

    /**
     * Orders whose payment waits for a gateway step and has not moved for `stallAfterMs`: a
     * pending authorization, an authorized payment whose order asked for capture or was
     * cancelled, a pending refund, a captured payment of a cancelled order with money left.
     */
    async stalled(stallAfterMs: number, limit: number): Promise<string[]> {
      const rows = await dataSource.query<{ order_id: string }[]>(
        `select order_id from (
           select p.order_id, p.updated_at from payments p left join order_facts f using (order_id)
            where p.status in ('PENDING', 'AUTHORIZED')
              and (p.status = 'PENDING' or f.capture_requested_at is not null or f.cancelled_at is not null)
           union
           select p.order_id, r.created_at from refunds r join payments p on p.id = r.payment_id where r.status = 'PENDING'
           union
           select p.order_id, p.updated_at from order_facts f join payments p using (order_id)
            where f.cancelled_at is not null and p.status in ('CAPTURED', 'PARTIALLY_REFUNDED')
         ) due
         where updated_at < now() - make_interval(secs => $1)
         group by order_id order by min(updated_at) limit $2`,
        [stallAfterMs / 1000, limit],
      );
      return rows.map((row) => row.order_id);
    },
  };
}
