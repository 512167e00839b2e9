import type { EntityManager } from 'typeorm';
import { TOPICS, type EventEnvelope } from '@commerce/events';
import { inboxClause, outboxInsertIf } from '@commerce/outbox';
import { entityInsert, newId, type Placeholder, type SqlStatement } from '@commerce/service-kit';
import type { Payment } from '../domain/payment.ts';
import type { PaymentTransaction, TransactionKind } from '../domain/transaction.ts';
import { PaymentEntity, TransactionEntity, type PaymentRow } from './entities.ts';
import type { Trigger } from './transaction.ts';

// The writes of a transaction (addRefund, recordRefund, failRefund) are statements, run together
// in one round trip (runWrites) per change.

export function paymentUpdate(manager: EntityManager, id: string, changes: Partial<PaymentRow>): SqlStatement {
  const [text, values] = manager
    .createQueryBuilder()
    .update(PaymentEntity)
    .set({ ...changes, updatedAt: new Date() })
    .where({ id })
    .getQueryAndParameters();
  return { text, values };
}

export function transactionInsert(
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
export type FactToRecord = { kind: 'capture-requested' } | { kind: 'cancelled'; reason: string };

/**
 * The clauses that lock the order and name its facts, as locked, `facts`. Behind the inbox row
 * when an event asked for the write: for an event the inbox already has, `facts` is empty and
 * nothing else of the statement happens (processOnce in one clause).
 */
export function lockClauses($: Placeholder, orderId: string, trigger: Trigger | undefined, fact?: FactToRecord): string[] {
  const claim = inboxClause(trigger && { consumer: $(trigger.consumer), eventId: $(trigger.event.eventId) });
  const inbox = claim.cte ? [claim.cte] : [];
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
export function eventsClause($: Placeholder, source: string, events: readonly EventEnvelope[]): string[] {
  return events.length === 0 ? [] : [`events as (${outboxInsertIf(source, TOPICS.payments, events, $)})`];
}

export const statement = (clauses: string[], select: string, values: unknown[]): SqlStatement => ({
  text: `with ${clauses.join(',\n')}\n${select}`,
  values,
});
