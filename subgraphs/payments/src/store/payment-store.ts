import type { DataSource, EntityManager } from 'typeorm';
import { TOPICS, type EventEnvelope } from '@commerce/events';
import { outboxInsert } from '@commerce/outbox';
import { newId, placeholders, runWrites, type Money } from '@commerce/service-kit';
import { mayHaveRefunds, statusesAllowing, type OrderFacts, type Payment, type RefundIntent } from '../domain/payment.ts';
import type { ResultChange } from '../domain/payment-events.ts';
import type { RefundPlan, RefundRefusal } from '../domain/refund.ts';
import type { Refund } from '../domain/transaction.ts';
import { PaymentEntity, RefundEntity, type PaymentRow } from './entities.ts';
import { createPaymentReads, type PaymentSnapshot, type PaymentState } from './payment-reads.ts';
import { PAYMENT_COLUMNS, fromColumns, lockFacts, paymentOf, pendingRefundsOf, toFacts, toRow, type PaymentColumns, type WrittenRow } from './payment-rows.ts';
import { eventsClause, lockClauses, paymentUpdate, statement, transactionInsert, type FactToRecord } from './payment-statements.ts';
import { ALREADY_PROCESSED, type AlreadyProcessed, type Trigger } from './transaction.ts';

export type { PaymentSnapshot, PaymentState };

// Every write to an order's payment first locks the order's order_facts row (lockFacts), in
// one transaction with the change and the events describing it (transactional outbox). Two
// deliveries of events of one order, a consumer and an admin, or a consumer and the sweeper
// therefore never interleave their writes; each re-reads the payment under the lock and drops
// what no longer applies (domain/payment.ts canApply). The saga's own steps (the intents and
// the gateway results) are single statements doing the same, see "One statement per write".

export interface PaymentRequest {
  orderId: string;
  customerId: string;
  paymentMethodId: string;
  amount: Money;
}

export type RequestOutcome =
  /** The intent is recorded; the authorization follows (services/payment-processor.ts). */
  | { kind: 'pending'; payment: Payment; state: PaymentState }
  /** Failed without asking the gateway: no usable payment method, or nothing to authorize. */
  | { kind: 'failed'; payment: Payment; state: PaymentState }
  /** The order already has a payment: nothing changed. */
  | { kind: 'duplicate'; payment: Payment }
  /** The order was cancelled before its payment was requested: nothing is authorized, ever. */
  | { kind: 'cancelled' };

export type RefundOutcome = { ok: true; refund: RefundIntent } | { ok: false; reason: RefundRefusal; refundable: number };

/**
 * What a write leaves behind for the processor's next step: the order's state as the write
 * committed it, when the write could tell it exactly; otherwise undefined, and the processor
 * reads a snapshot.
 */
export interface WriteOutcome {
  state: PaymentSnapshot | undefined;
}

/** A fact recorded about an order (a capture request, a cancellation): the order's facts then. */
export type FactOutcome = WriteOutcome & { facts: OrderFacts };

/** A gateway result: recorded, or dropped because the payment had moved on. */
export type RecordOutcome = WriteOutcome & { recorded: boolean };

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

  // The payments columns in the entity's order, for the INSERT of a new payment.
  const paymentColumns = dataSource.getMetadata(PaymentEntity).columns.map((column) => ({
    property: column.propertyName as keyof PaymentRow,
    name: column.databaseName,
  }));

  /** The order's state as a write left it, for a payment the caller knows to have no refunds (see "One statement per write"). */
  function stateOf(row: WrittenRow & PaymentColumns, token: string | null): PaymentState {
    return { payment: fromColumns(row), facts: toFacts(row), pendingRefunds: [], token };
  }

  const hasPayment = (row: WrittenRow): row is WrittenRow & PaymentColumns => row.id != null;

  const columnOf = (property: keyof PaymentRow): string => {
    const column = paymentColumns.find((c) => c.property === property);
    if (!column) throw new Error(`payments has no column for ${property}`);
    return column.name;
  };

  /** Records a fact about the order in one statement; the payment is read FOR SHARE under the lock. */
  async function recordFact(orderId: string, fact: FactToRecord, trigger: Trigger | undefined): Promise<FactOutcome | AlreadyProcessed> {
    const { values, $ } = placeholders();
    const clauses = [
      ...lockClauses($, orderId, trigger, fact),
      `payment as (
         select ${PAYMENT_COLUMNS}, m.gateway_token
           from payments p join facts on true left join payment_methods m on m.id = p.payment_method_id
          where p.order_id = ${$(orderId)}
            for share of p)`,
    ];
    const { text } = statement(clauses, 'select f.*, p.* from facts f left join payment p on true', values);
    const [row] = await dataSource.query<WrittenRow[]>(text, values);
    if (!row) return ALREADY_PROCESSED;
    const exact = hasPayment(row) && !mayHaveRefunds(row.status);
    return { facts: toFacts(row), state: exact ? stateOf(row, row.gateway_token ?? null) : undefined };
  }

  /**
   * Records a gateway result in one statement: the result's `set` on the payment, if it is still
   * in a status its change applies to, with its transaction row and its event. The event was
   * built from `current`, the state the gateway call was decided on, whose parts it uses (ids,
   * amount, correlation) never change.
   */
  async function recordResult(current: PaymentState, result: ResultChange): Promise<RecordOutcome> {
    const { payment } = current;
    const { change, transaction, event } = result;
    const { values, $ } = placeholders();
    const now = new Date();
    const set = Object.entries(result.set).map(([property, value]) => [columnOf(property as keyof PaymentRow), value] as const);
    const assignments = [...set, ['updated_at', now] as const].map(([column, value]) => `${column} = ${$(value)}`);
    const clauses = [
      ...lockClauses($, payment.orderId, undefined),
      `moved as (
         update payments p set ${assignments.join(', ')}
           from facts
          where p.id = ${$(payment.id)} and p.status = any(${$([...statusesAllowing(change)])}::text[])
         returning ${PAYMENT_COLUMNS})`,
      `recorded as (
         insert into payment_transactions (id, payment_id, kind, status, amount, currency, gateway_reference, failure_code, created_at)
         select ${$(newId('txn'))}, m.id, ${$(transaction.kind)}, ${$(transaction.status)}, m.amount, m.currency,
                ${$(transaction.gatewayReference)}, ${$(transaction.failureCode ?? null)}, ${$(now)}
           from moved m)`,
      ...eventsClause($, 'moved', [event]),
    ];
    const { text } = statement(clauses, 'select f.*, m.* from facts f left join moved m on true', values);
    const [row] = await dataSource.query<WrittenRow[]>(text, values);
    if (!row || !hasPayment(row)) return { recorded: false, state: undefined };
    // The payment left, under this statement's lock, a status that has no refunds: it has none yet.
    const exact = !statusesAllowing(change).some(mayHaveRefunds);
    return { recorded: true, state: exact ? stateOf(row, current.token) : undefined };
  }

  return {
    ...createPaymentReads(dataSource),

    /**
     * Stores a requested payment (domain requestPayment) with its events, unless the order was
     * cancelled or has one: its unique order id sees a payment created while this statement
     * waited for the lock, which a read would not. `token` is the gateway token of its method.
     */
    async create(requested: { payment: Payment; events: EventEnvelope[] }, token: string | null, trigger?: Trigger): Promise<RequestOutcome | AlreadyProcessed> {
      const { orderId } = requested.payment;
      const row = toRow(requested.payment);
      const { values, $ } = placeholders();
      const clauses = [
        ...lockClauses($, orderId, trigger),
        `created as (
           insert into payments as p (${paymentColumns.map((column) => column.name).join(', ')})
           select ${paymentColumns.map((column) => $(row[column.property])).join(', ')} from facts where facts.cancelled_at is null
           on conflict (order_id) do nothing
           returning ${PAYMENT_COLUMNS})`,
        ...eventsClause($, 'created', requested.events),
      ];
      const { text } = statement(clauses, 'select f.*, p.* from facts f left join created p on true', values);
      const [written] = await dataSource.query<WrittenRow[]>(text, values);
      if (!written) return ALREADY_PROCESSED;
      const facts = toFacts(written);
      if (facts.cancelled) return { kind: 'cancelled' };
      if (!hasPayment(written)) {
        const existing = await paymentOf(dataSource.manager, orderId);
        if (!existing) throw new Error(`order ${orderId} has a payment that cannot be read`);
        return { kind: 'duplicate', payment: existing };
      }
      // A payment just created has no refunds.
      const state = stateOf(written, token);
      return { kind: state.payment.status === 'FAILED' ? 'failed' : 'pending', payment: state.payment, state };
    },

    /**
     * Remembers that the order was confirmed (or an admin asked to capture), whether or not its
     * payment exists yet. Resolves to the order's facts; a cancelled order records nothing more.
     */
    requestCapture(orderId: string, trigger?: Trigger): Promise<FactOutcome | AlreadyProcessed> {
      return recordFact(orderId, { kind: 'capture-requested' }, trigger);
    },

    /** Remembers that the order was cancelled (the first reason stays), whether or not its payment exists yet. */
    cancel(orderId: string, reason: string, trigger?: Trigger): Promise<FactOutcome | AlreadyProcessed> {
      return recordFact(orderId, { kind: 'cancelled', reason: reason.slice(0, 500) }, trigger);
    },

    /** Records a gateway result (domain payment-events.ts) and its event; not recorded when the payment had moved on. */
    recordResult,

    /**
     * Records the intent to refund (PENDING) that `plan` makes under the order's lock, given the
     * payment and the refunds still pending (they count as given back, so two concurrent
     * requests can never together exceed the capture). Undefined when the order has no payment.
     */
    async addRefund(
      orderId: string,
      reason: string,
      plan: (payment: Payment, pendingTotal: number) => RefundPlan,
    ): Promise<RefundOutcome | undefined> {
      return withPayment(orderId, async (manager, payment): Promise<RefundOutcome> => {
        const pending = await pendingRefundsOf(manager, payment.id);
        const planned = plan(
          payment,
          pending.reduce((sum, refund) => sum + refund.amount, 0),
        );
        if (!planned.ok) return planned;
        const refund: Refund = {
          id: newId('rfd'),
          paymentId: payment.id,
          amount: planned.amount,
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

    /**
     * Records a refund the gateway confirmed, as `result` makes it of the locked payment and the
     * still pending refund (undefined: nothing to record); false when there was nothing to record.
     */
    async recordRefund(
      orderId: string,
      refundId: string,
      gatewayRefundId: string,
      result: (payment: Payment, refund: RefundIntent, now: Date) => { refundedAmount: number; status: Payment['status']; event: EventEnvelope } | undefined,
    ): Promise<boolean> {
      const recorded = await withPayment(orderId, async (manager, payment) => {
        const [refund] = await manager.getRepository(RefundEntity).findBy({ id: refundId, paymentId: payment.id, status: 'PENDING' });
        const now = new Date();
        const change = refund && result(payment, refund, now);
        if (!refund || !change) return false;
        await manager.getRepository(RefundEntity).update({ id: refundId }, { status: 'SUCCEEDED', gatewayReference: gatewayRefundId, completedAt: now });
        await runWrites(manager, [
          transactionInsert(manager, payment, {
            kind: 'REFUND',
            status: 'SUCCEEDED',
            amount: refund.amount,
            gatewayReference: gatewayRefundId,
            refundId,
          }),
          paymentUpdate(manager, payment.id, { refundedAmount: change.refundedAmount, status: change.status }),
          outboxInsert(TOPICS.payments, [change.event]),
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

  };
}
export type PaymentStore = ReturnType<typeof createPaymentStore>;
