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
import { inboxClaim, outboxInsert, outboxInsertIf } from '@commerce/outbox';
import { entityInsert, newId, placeholders, runWrites, type Money, type Placeholder, type SqlStatement } from '@commerce/service-kit';
import {
  canApply,
  mayHaveRefunds,
  statusAfterRefunds,
  statusesAllowing,
  type FailureCode,
  type OrderFacts,
  type Payment,
  type PaymentChange,
  type RefundIntent,
} from '../domain/payment.ts';
import { planRefund, type RefundRefusal } from '../domain/refund.ts';
import type { PaymentTransaction, Refund, TransactionKind } from '../domain/transaction.ts';
import { PaymentEntity, RefundEntity, TransactionEntity, type PaymentRow } from './entities.ts';
import { ALREADY_PROCESSED, causeOf, type AlreadyProcessed, type Cause, type Trigger } from './transaction.ts';

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

/** A snapshot of an order that has a payment. */
export type PaymentState = PaymentSnapshot & { payment: Payment };

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

// One statement per write. The saga's writes (the intent an event asks for, the result of a
// gateway call) run as one statement each rather than a transaction of several: one round trip,
// and a statement commits or rolls back as a whole on its own. Its WITH clauses keep the
// transaction's order, each reading the one before so that PostgreSQL runs them in that order:
// the inbox row, the order's lock (the upsert of lockFacts), the change, its events.
//
// Unlike a transaction's later statements, a statement reads with the snapshot it started with,
// which may predate the lock it then waited for. So nothing a lock holder may have changed is
// taken from a plain read: the facts come from the lock's RETURNING; a payment is changed by an
// UPDATE, whose WHERE PostgreSQL rechecks on the newest version of the row (the snapshot's
// version passes it whenever the newest could: statuses only move forward, and the snapshot is
// no older than the state the caller saw), or read FOR SHARE, which returns the newest version;
// a payment created meanwhile is not seen at all, so a write that finds none leaves no state
// behind; refunds are not read, so state is left behind only for a payment that cannot have any
// (mayHaveRefunds). Whatever a write cannot tell exactly, the processor reads afterwards, as it
// did after every write.

/** A fact the lock records when the order lacks it (the first capture request, the first cancellation). */
type FactToRecord = { kind: 'capture-requested' } | { kind: 'cancelled'; reason: string };

/**
 * The clauses that lock the order and name its facts, as locked, `facts`. Behind the inbox row
 * when an event asked for the write: for an event the inbox already has, `facts` is empty and
 * nothing else of the statement happens (processOnce in one clause).
 */
function lockClauses($: Placeholder, orderId: string, trigger: Trigger | undefined, fact?: FactToRecord): string[] {
  const inbox = trigger
    ? [`inboxed as (${inboxClaim($(trigger.consumer), $(trigger.event.eventId))})`]
    : [];
  const insert: Record<string, string> = { order_id: $(orderId) };
  let update = 'order_id = excluded.order_id';
  if (fact?.kind === 'capture-requested') {
    insert.capture_requested_at = 'now()';
    update = `capture_requested_at = case when order_facts.cancelled_at is null and order_facts.capture_requested_at is null
                then excluded.capture_requested_at else order_facts.capture_requested_at end`;
  } else if (fact?.kind === 'cancelled') {
    Object.assign(insert, { cancelled_at: 'now()', cancel_reason: $(fact.reason) });
    update = `cancelled_at = coalesce(order_facts.cancelled_at, excluded.cancelled_at),
              cancel_reason = case when order_facts.cancelled_at is null then excluded.cancel_reason else order_facts.cancel_reason end`;
  }
  const row = Object.values(insert).join(', ');
  return [
    ...inbox,
    `facts as (
       insert into order_facts (${Object.keys(insert).join(', ')}) ${trigger ? `select ${row} from inboxed` : `values (${row})`}
       on conflict (order_id) do update set ${update}
       returning capture_requested_at, cancelled_at, cancel_reason)`,
  ];
}

/** The events of a change, written only if the clause `source` has a row (the change happened). */
function eventsClause($: Placeholder, source: string, events: readonly EventEnvelope[]): string[] {
  return events.length === 0 ? [] : [`events as (${outboxInsertIf(source, TOPICS.payments, events, $)})`];
}

const statement = (clauses: string[], select: string, values: unknown[]): SqlStatement => ({
  text: `with ${clauses.join(',\n')}\n${select}`,
  values,
});

/** What a single-statement write returns: the facts as locked, the payment as written or read (columns null when none). */
type WrittenRow = FactsRow & Partial<PaymentColumns> & { gateway_token?: string | null };

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
   * Records a gateway result in one statement: `set` (column → value) on the payment, if it is
   * still in a status `change` applies to, with its transaction row and its event. The event is
   * built from `current`, the state the gateway call was decided on, whose parts it uses (ids,
   * amount, correlation) never change.
   */
  async function recordResult(
    current: PaymentState,
    change: PaymentChange,
    set: Record<string, unknown>,
    transaction: { kind: TransactionKind; status: 'SUCCEEDED' | 'FAILED'; gatewayReference: string | null; failureCode?: string },
    event: EventEnvelope,
  ): Promise<RecordOutcome> {
    const { payment } = current;
    const { values, $ } = placeholders();
    const now = new Date();
    const assignments = Object.entries({ ...set, updated_at: now }).map(([column, value]) => `${column} = ${$(value)}`);
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
    async request(request: PaymentRequest, trigger?: Trigger): Promise<RequestOutcome | AlreadyProcessed> {
      const { orderId, customerId, paymentMethodId, amount } = request;
      // Read before the order is locked: no lock orders a method's removal with an order's payment anyway.
      const [method] = await dataSource.query<
        { id: string; customer_id: string; brand: PaymentRow['methodBrand']; last4: string; gateway_token: string; removed_at: Date | null }[]
      >('select id, customer_id, brand, last4, gateway_token, removed_at from payment_methods where id = $1', [paymentMethodId]);
      const usable = method !== undefined && method.customer_id === customerId && method.removed_at === null;
      const cause = causeOf(trigger);
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
      const events = failure
        ? [newEvent(PaymentFailed, { aggregateId: orderId, ...cause, data: { ...factsOf(toPayment(row)), ...failure, failedAt: now.toISOString() } })]
        : [];

      // The payment is created unless the order was cancelled or has one: its unique order id
      // sees a payment created while this statement waited for the lock, which a read would not.
      const { values, $ } = placeholders();
      const clauses = [
        ...lockClauses($, orderId, trigger),
        `created as (
           insert into payments as p (${paymentColumns.map((column) => column.name).join(', ')})
           select ${paymentColumns.map((column) => $(row[column.property])).join(', ')} from facts where facts.cancelled_at is null
           on conflict (order_id) do nothing
           returning ${PAYMENT_COLUMNS})`,
        ...eventsClause($, 'created', events),
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
      const state = stateOf(written, usable ? method.gateway_token : null);
      return { kind: failure ? 'failed' : 'pending', payment: state.payment, state };
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

    /** Records the gateway's answer to the authorization and its event; not recorded when the payment had moved on. */
    recordAuthorization(current: PaymentState, outcome: AuthorizationOutcome, cause: Cause): Promise<RecordOutcome> {
      const { payment } = current;
      const eventCause = causeFor(payment, cause);
      const at = new Date().toISOString();
      if (outcome.approved) {
        return recordResult(
          current,
          'authorized',
          { status: 'AUTHORIZED', authorization_reference: outcome.authorizationId },
          { kind: 'AUTHORIZATION', status: 'SUCCEEDED', gatewayReference: outcome.authorizationId },
          newEvent(PaymentAuthorized, { aggregateId: payment.orderId, ...eventCause, data: { ...factsOf(payment), authorizedAt: at } }),
        );
      }
      return recordResult(
        current,
        'declined',
        { status: 'FAILED', failure_code: outcome.code, failure_message: outcome.message },
        { kind: 'AUTHORIZATION', status: 'FAILED', gatewayReference: null, failureCode: outcome.code },
        newEvent(PaymentFailed, {
          aggregateId: payment.orderId,
          ...eventCause,
          data: { ...factsOf(payment), code: outcome.code, message: outcome.message, failedAt: at },
        }),
      );
    },

    /** Records the capture of the full authorized amount and PaymentCaptured; not recorded when the payment had moved on. */
    recordCapture(current: PaymentState, captureId: string, cause: Cause): Promise<RecordOutcome> {
      const { payment } = current;
      return recordResult(
        current,
        'captured',
        { status: 'CAPTURED', captured_amount: payment.amount, capture_reference: captureId },
        { kind: 'CAPTURE', status: 'SUCCEEDED', gatewayReference: captureId },
        newEvent(PaymentCaptured, {
          aggregateId: payment.orderId,
          ...causeFor(payment, cause),
          data: { ...factsOf(payment), capturedAt: new Date().toISOString() },
        }),
      );
    },

    /** Records the void of the authorization and PaymentVoided; not recorded when the payment had moved on. */
    recordVoid(current: PaymentState, voidId: string, cause: Cause): Promise<RecordOutcome> {
      const { payment } = current;
      return recordResult(
        current,
        'voided',
        { status: 'VOIDED' },
        { kind: 'VOID', status: 'SUCCEEDED', gatewayReference: voidId },
        newEvent(PaymentVoided, {
          aggregateId: payment.orderId,
          ...causeFor(payment, cause),
          data: { ...factsOf(payment), voidedAt: new Date().toISOString() },
        }),
      );
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
