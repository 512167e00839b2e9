import { In, type DataSource, type EntityManager } from 'typeorm';
import {
  PaymentAuthorized,
  PaymentCaptured,
  PaymentFailed,
  PaymentRefunded,
  PaymentVoided,
  TOPICS,
  newEvent,
  type EventEnvelope,
} from '@commerce/events';
import { outboxInsert } from '@commerce/outbox';
import { entityInsert, newId, runWrites, type Money, type SqlStatement } from '@commerce/service-kit';
import { canApply, statusAfterRefunds, type FailureCode, type OrderFacts, type Payment, type RefundIntent } from '../domain/payment.ts';
import { planRefund, type RefundRefusal } from '../domain/refund.ts';
import type { PaymentTransaction, Refund, TransactionKind } from '../domain/transaction.ts';
import { PaymentEntity, PaymentMethodEntity, RefundEntity, TransactionEntity, type PaymentRow } from './entities.ts';
import { causeOf, transact, type AlreadyProcessed, type Cause, type Trigger } from './transaction.ts';

// Every write to an order's payment first locks the order's order_facts row (lockFacts), in
// one transaction with the change and the events describing it (transactional outbox). Two
// deliveries of events of one order, a consumer and an admin, or a consumer and the sweeper
// therefore never interleave their writes; each re-reads the payment under the lock and drops
// what no longer applies (domain/payment.ts canApply).

export interface PaymentRequest {
  orderId: string;
  customerId: string;
  paymentMethodId: string;
  amount: Money;
}

export type RequestOutcome =
  /** The intent is recorded; the authorization follows (services/payment-processor.ts). */
  | { kind: 'pending'; payment: Payment }
  /** Failed without asking the gateway: no usable payment method, or nothing to authorize. */
  | { kind: 'failed'; payment: Payment }
  /** The order already has a payment: nothing changed. */
  | { kind: 'duplicate'; payment: Payment }
  /** The order was cancelled before its payment was requested: nothing is authorized, ever. */
  | { kind: 'cancelled' };

export type AuthorizationOutcome =
  | { approved: true; authorizationId: string }
  | { approved: false; code: FailureCode; message: string };

export type RefundOutcome = { ok: true; refund: RefundIntent } | { ok: false; reason: RefundRefusal; refundable: number };

/** What the processor needs to decide and take the next step for an order. */
export interface PaymentSnapshot {
  payment: Payment | undefined;
  facts: OrderFacts;
  pendingRefunds: RefundIntent[];
  /** The gateway token of the payment's method (kept even if the method was removed since). */
  token: string | null;
}

interface FactsRow {
  capture_requested_at: Date | null;
  cancelled_at: Date | null;
  cancel_reason: string | null;
}

const toFacts = (row: FactsRow | undefined): OrderFacts => ({
  captureRequested: row?.capture_requested_at != null,
  cancelled: row?.cancelled_at != null,
  cancelReason: row?.cancel_reason ?? null,
});

function toPayment(row: PaymentRow): Payment {
  const { methodBrand, methodLast4, ...rest } = row;
  return { ...rest, method: methodBrand && methodLast4 ? { brand: methodBrand, last4: methodLast4 } : null };
}

/** Locks the order's facts row, creating it when the order is new to payments: the per-order mutex. */
async function lockFacts(manager: EntityManager, orderId: string): Promise<OrderFacts> {
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
const PAYMENT_COLUMNS = `p.id, p.order_id, p.customer_id, p.payment_method_id, p.method_brand, p.method_last4, p.amount,
  p.currency, p.status, p.captured_amount, p.refunded_amount, p.authorization_reference, p.capture_reference,
  p.failure_code, p.failure_message, p.correlation_id, p.created_at, p.updated_at`;

interface PaymentColumns {
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

const fromColumns = (row: PaymentColumns): Payment =>
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

async function paymentOf(manager: EntityManager, orderId: string): Promise<Payment | undefined> {
  const [row] = await manager.query<PaymentColumns[]>(`select ${PAYMENT_COLUMNS} from payments p where p.order_id = $1`, [orderId]);
  return row ? fromColumns(row) : undefined;
}

async function pendingRefundsOf(manager: EntityManager, paymentId: string): Promise<RefundIntent[]> {
  const rows = await manager.getRepository(RefundEntity).find({ where: { paymentId, status: 'PENDING' }, order: { id: 'ASC' } });
  return rows.map(({ id, amount, reason }) => ({ id, amount, reason }));
}

// The writes below are statements, run together in one round trip (runWrites) per change.

function paymentUpdate(manager: EntityManager, id: string, changes: Partial<PaymentRow>): SqlStatement {
  const [text, values] = manager
    .createQueryBuilder()
    .update(PaymentEntity)
    .set({ ...changes, updatedAt: new Date() })
    .where({ id })
    .getQueryAndParameters();
  return { text, values };
}

function transactionInsert(
  manager: EntityManager,
  payment: Payment,
  transaction: { kind: TransactionKind; status: 'SUCCEEDED' | 'FAILED'; amount: number; gatewayReference: string | null } & Partial<
    Pick<PaymentTransaction, 'refundId' | 'failureCode'>
  >,
): SqlStatement {
  return entityInsert(manager, TransactionEntity, {
    id: newId('txn'),
    paymentId: payment.id,
    currency: payment.currency,
    refundId: null,
    failureCode: null,
    createdAt: new Date(),
    ...transaction,
  });
}

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

/** Stores payment events in the outbox, after the state change they describe (the last of a change's writes). */
function paymentEvents(events: EventEnvelope[]): SqlStatement | undefined {
  return outboxInsert(TOPICS.payments, events);
}

export function createPaymentStore(dataSource: DataSource) {
  /** Runs `work` on an order's payment under the order's lock; undefined when it has none. */
  function withPayment<T>(
    orderId: string,
    work: (manager: EntityManager, payment: Payment, facts: OrderFacts) => Promise<T>,
  ): Promise<T | undefined> {
    return dataSource.transaction(async (manager) => {
      const facts = await lockFacts(manager, orderId);
      const payment = await paymentOf(manager, orderId);
      return payment ? work(manager, payment, facts) : undefined;
    });
  }

  return {
    /** Payments by id, in the order of `ids`. */
    async findByIds(ids: readonly string[]): Promise<(Payment | undefined)[]> {
      const rows = await dataSource.getRepository(PaymentEntity).findBy({ id: In([...ids]) });
      const byId = new Map(rows.map((row) => [row.id, toPayment(row)]));
      return ids.map((id) => byId.get(id));
    },

    /** Payments by order id, in the order of `orderIds`. */
    async findByOrderIds(orderIds: readonly string[]): Promise<(Payment | undefined)[]> {
      const rows = await dataSource.getRepository(PaymentEntity).findBy({ orderId: In([...orderIds]) });
      const byOrder = new Map(rows.map((row) => [row.orderId, toPayment(row)]));
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

    /**
     * Records the intent to authorize an order's payment (PENDING), or its failure when the
     * method is unknown, removed or another customer's (PaymentFailed PAYMENT_METHOD_NOT_FOUND,
     * without asking the gateway). An order payments saw cancelled gets no payment at all.
     */
    request(request: PaymentRequest, trigger?: Trigger): Promise<RequestOutcome | AlreadyProcessed> {
      return transact(dataSource, trigger, async (manager): Promise<RequestOutcome> => {
        const { orderId, customerId, paymentMethodId, amount } = request;
        const facts = await lockFacts(manager, orderId);
        if (facts.cancelled) return { kind: 'cancelled' };
        const existing = await paymentOf(manager, orderId);
        if (existing) return { kind: 'duplicate', payment: existing };

        const cause = causeOf(trigger);
        const method = await manager.getRepository(PaymentMethodEntity).findOneBy({ id: paymentMethodId });
        const usable = method !== null && method.customerId === customerId && method.removedAt === null;
        const now = new Date();
        const row: PaymentRow = {
          id: newId('pay'),
          orderId,
          customerId,
          paymentMethodId: usable ? method.id : null,
          methodBrand: usable ? method.brand : null,
          methodLast4: usable ? method.last4 : null,
          amount: amount.amount,
          currency: amount.currency,
          status: 'PENDING',
          capturedAmount: 0,
          refundedAmount: 0,
          authorizationReference: null,
          captureReference: null,
          failureCode: null,
          failureMessage: null,
          correlationId: cause.correlationId ?? null,
          createdAt: now,
          updatedAt: now,
        };
        const failure: { code: FailureCode; message: string } | undefined = !usable
          ? { code: 'PAYMENT_METHOD_NOT_FOUND', message: 'The customer has no such payment method.' }
          : amount.amount <= 0
            ? { code: 'PROCESSING_ERROR', message: 'The amount to authorize must be positive.' }
            : undefined;
        if (failure) Object.assign(row, { status: 'FAILED', failureCode: failure.code, failureMessage: failure.message });
        const payment = toPayment(row);
        const events = failure
          ? [newEvent(PaymentFailed, { aggregateId: orderId, ...cause, data: { ...factsOf(payment), ...failure, failedAt: now.toISOString() } })]
          : [];
        await runWrites(manager, [entityInsert(manager, PaymentEntity, row), paymentEvents(events)]);
        return failure ? { kind: 'failed', payment } : { kind: 'pending', payment };
      });
    },

    /**
     * Remembers that the order was confirmed (or an admin asked to capture), whether or not its
     * payment exists yet. Resolves to the order's facts; a cancelled order records nothing more.
     */
    requestCapture(orderId: string, trigger?: Trigger): Promise<OrderFacts | AlreadyProcessed> {
      return transact(dataSource, trigger, async (manager) => {
        const facts = await lockFacts(manager, orderId);
        if (facts.cancelled || facts.captureRequested) return facts;
        await manager.query('update order_facts set capture_requested_at = now() where order_id = $1', [orderId]);
        return { ...facts, captureRequested: true };
      });
    },

    /** Remembers that the order was cancelled (the first reason stays), whether or not its payment exists yet. */
    cancel(orderId: string, reason: string, trigger?: Trigger): Promise<OrderFacts | AlreadyProcessed> {
      return transact(dataSource, trigger, async (manager) => {
        const facts = await lockFacts(manager, orderId);
        if (facts.cancelled) return facts;
        const cancelReason = reason.slice(0, 500);
        await manager.query('update order_facts set cancelled_at = now(), cancel_reason = $2 where order_id = $1', [orderId, cancelReason]);
        return { ...facts, cancelled: true, cancelReason };
      });
    },

    /** Records the gateway's answer to the authorization and its event; false when the payment had moved on. */
    async recordAuthorization(orderId: string, outcome: AuthorizationOutcome, cause: Cause): Promise<boolean> {
      const recorded = await withPayment(orderId, async (manager, payment) => {
        if (!canApply(payment.status, outcome.approved ? 'authorized' : 'declined')) return false;
        const at = new Date().toISOString();
        const eventCause = causeFor(payment, cause);
        if (outcome.approved) {
          await runWrites(manager, [
            transactionInsert(manager, payment, {
              kind: 'AUTHORIZATION',
              status: 'SUCCEEDED',
              amount: payment.amount,
              gatewayReference: outcome.authorizationId,
            }),
            paymentUpdate(manager, payment.id, { status: 'AUTHORIZED', authorizationReference: outcome.authorizationId }),
            paymentEvents([newEvent(PaymentAuthorized, { aggregateId: orderId, ...eventCause, data: { ...factsOf(payment), authorizedAt: at } })]),
          ]);
        } else {
          await runWrites(manager, [
            transactionInsert(manager, payment, {
              kind: 'AUTHORIZATION',
              status: 'FAILED',
              amount: payment.amount,
              gatewayReference: null,
              failureCode: outcome.code,
            }),
            paymentUpdate(manager, payment.id, { status: 'FAILED', failureCode: outcome.code, failureMessage: outcome.message }),
            paymentEvents([
              newEvent(PaymentFailed, {
                aggregateId: orderId,
                ...eventCause,
                data: { ...factsOf(payment), code: outcome.code, message: outcome.message, failedAt: at },
              }),
            ]),
          ]);
        }
        return true;
      });
      return recorded ?? false;
    },

    /** Records the capture of the full authorized amount and PaymentCaptured; false when the payment had moved on. */
    async recordCapture(orderId: string, captureId: string, cause: Cause): Promise<boolean> {
      const recorded = await withPayment(orderId, async (manager, payment) => {
        if (!canApply(payment.status, 'captured')) return false;
        await runWrites(manager, [
          transactionInsert(manager, payment, { kind: 'CAPTURE', status: 'SUCCEEDED', amount: payment.amount, gatewayReference: captureId }),
          paymentUpdate(manager, payment.id, { status: 'CAPTURED', capturedAmount: payment.amount, captureReference: captureId }),
          paymentEvents([
            newEvent(PaymentCaptured, {
              aggregateId: orderId,
              ...causeFor(payment, cause),
              data: { ...factsOf(payment), capturedAt: new Date().toISOString() },
            }),
          ]),
        ]);
        return true;
      });
      return recorded ?? false;
    },

    /** Records the void of the authorization and PaymentVoided; false when the payment had moved on. */
    async recordVoid(orderId: string, voidId: string, cause: Cause): Promise<boolean> {
      const recorded = await withPayment(orderId, async (manager, payment) => {
        if (!canApply(payment.status, 'voided')) return false;
        await runWrites(manager, [
          transactionInsert(manager, payment, { kind: 'VOID', status: 'SUCCEEDED', amount: payment.amount, gatewayReference: voidId }),
          paymentUpdate(manager, payment.id, { status: 'VOIDED' }),
          paymentEvents([
            newEvent(PaymentVoided, {
              aggregateId: orderId,
              ...causeFor(payment, cause),
              data: { ...factsOf(payment), voidedAt: new Date().toISOString() },
            }),
          ]),
        ]);
        return true;
      });
      return recorded ?? false;
    },

    /**
     * Records the intent to refund (PENDING), checked against what is left under the order's
     * lock: the requested amount, or everything left when none is given. Refunds still pending
     * count as given back, so two concurrent requests can never together exceed the capture.
     */
    async addRefund(orderId: string, requested: Money | undefined, reason: string): Promise<RefundOutcome | undefined> {
      return withPayment(orderId, async (manager, payment): Promise<RefundOutcome> => {
        const pending = await pendingRefundsOf(manager, payment.id);
        const plan = planRefund(
          payment,
          pending.reduce((sum, refund) => sum + refund.amount, 0),
          requested,
        );
        if (!plan.ok) return plan;
        const refund: Refund = {
          id: newId('rfd'),
          paymentId: payment.id,
          amount: plan.amount,
          currency: payment.currency,
          reason: reason.slice(0, 500),
          status: 'PENDING',
          gatewayReference: null,
          createdAt: new Date(),
          completedAt: null,
        };
        await manager.getRepository(RefundEntity).insert(refund);
        return { ok: true, refund: { id: refund.id, amount: refund.amount, reason: refund.reason } };
      });
    },

    /** Records a refund the gateway confirmed and PaymentRefunded; false when it was already recorded. */
    async recordRefund(orderId: string, refundId: string, gatewayRefundId: string, cause: Cause): Promise<boolean> {
      const recorded = await withPayment(orderId, async (manager, payment) => {
        const [refund] = await manager.getRepository(RefundEntity).findBy({ id: refundId, paymentId: payment.id, status: 'PENDING' });
        if (!refund || !canApply(payment.status, 'refunded')) return false;
        const refundedTotal = payment.refundedAmount + refund.amount;
        const now = new Date();
        await manager.getRepository(RefundEntity).update({ id: refundId }, { status: 'SUCCEEDED', gatewayReference: gatewayRefundId, completedAt: now });
        await runWrites(manager, [
          transactionInsert(manager, payment, {
            kind: 'REFUND',
            status: 'SUCCEEDED',
            amount: refund.amount,
            gatewayReference: gatewayRefundId,
            refundId,
          }),
          paymentUpdate(manager, payment.id, {
            refundedAmount: refundedTotal,
            status: statusAfterRefunds(payment.capturedAmount, refundedTotal),
          }),
          paymentEvents([
            newEvent(PaymentRefunded, {
              aggregateId: orderId,
              ...causeFor(payment, cause),
              data: {
                ...factsOf(payment),
                amount: { amount: refund.amount, currency: payment.currency },
                refundId,
                refundedTotal: { amount: refundedTotal, currency: payment.currency },
                reason: refund.reason,
                refundedAt: now.toISOString(),
              },
            }),
          ]),
        ]);
        return true;
      });
      return recorded ?? false;
    },

    /** Records a refund the gateway refused outright; the money stays captured. */
    async failRefund(orderId: string, refundId: string, failureCode: string): Promise<void> {
      await withPayment(orderId, async (manager, payment) => {
        const [refund] = await manager.getRepository(RefundEntity).findBy({ id: refundId, paymentId: payment.id, status: 'PENDING' });
        if (!refund) return;
        await manager.getRepository(RefundEntity).update({ id: refundId }, { status: 'FAILED', completedAt: new Date() });
        await runWrites(manager, [
          transactionInsert(manager, payment, { kind: 'REFUND', status: 'FAILED', amount: refund.amount, gatewayReference: null, refundId, failureCode }),
        ]);
      });
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
export type PaymentStore = ReturnType<typeof createPaymentStore>;
