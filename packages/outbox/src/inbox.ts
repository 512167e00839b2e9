import type { DataSource, EntityManager } from 'typeorm';
import type { EventEnvelope } from '@commerce/events';

/**
 * The statement recording that a consumer has an event ($-parameters named by the caller, so
 * it can open a larger statement): answers the event id only when the inbox did not have it.
 */
export const inboxClaim = (consumer: string, eventId: string): string =>
  `insert into inbox (consumer, event_id) values (${consumer}, ${eventId}) on conflict do nothing returning event_id`;

/** An inbox claim as a clause of a larger statement (inboxClause). */
export interface InboxClause {
  /** `with` clauses to open the statement with: the claim and a comma, or nothing without an event. */
  with: string;
  /** The claim alone (`<name> as (…)`), for statements that join their clauses themselves; undefined without an event. */
  cte: string | undefined;
  /** A condition that holds once the claim succeeded (always, without an event): the rest of the statement waits on it. */
  claimed: string;
}

/**
 * processOnce in one statement: the clause that records the event in the inbox, and the
 * condition every other clause of the statement is guarded by, so an event the inbox already
 * has changes nothing, and a concurrent delivery of it waits at the claim (until the first
 * commits) holding no other lock. `inbox` holds the $-placeholders of the consumer and the
 * event id; undefined for a write no event asked for. `from` claims only when that clause has
 * a row (`known where not known`).
 */
export function inboxClause(inbox: { consumer: string; eventId: string } | undefined, options: { name?: string; from?: string } = {}): InboxClause {
  if (!inbox) return { with: '', cte: undefined, claimed: 'true' };
  const name = options.name ?? 'inboxed';
  const claim = options.from
    ? `insert into inbox (consumer, event_id) select ${inbox.consumer}, ${inbox.eventId} from ${options.from} on conflict do nothing returning event_id`
    : inboxClaim(inbox.consumer, inbox.eventId);
  const cte = `${name} as (${claim})`;
  return { with: `${cte},`, cte, claimed: `exists (select from ${name})` };
}

/** A condition that holds when the inbox has the event (committed: a snapshot that has the row may skip a redelivery). */
export const inboxHas = (inbox: { consumer: string; eventId: string }): string =>
  `exists (select from inbox where consumer = ${inbox.consumer} and event_id = ${inbox.eventId})`;

/**
 * Runs `effect` at most once per (consumer, event): the inbox row and the effect's writes
 * commit in one transaction, so a redelivered event is skipped and a failed effect leaves
 * no trace and runs again on retry. Resolves to whether the effect ran.
 */
export async function processOnce(
  dataSource: DataSource,
  consumer: string,
  envelope: EventEnvelope,
  effect: (manager: EntityManager) => Promise<void>,
): Promise<boolean> {
  return dataSource.transaction(async (manager) => {
    // A concurrent delivery of the same event blocks here until the first commits, then sees the conflict.
    const inserted = await manager.query<unknown[]>(inboxClaim('$1', '$2'), [consumer, envelope.eventId]);
    if (inserted.length === 0) return false;
    await effect(manager);
    return true;
  });
}
