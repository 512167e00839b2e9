import type { EntityManager } from 'typeorm';
import { envelopeSchema, type EventEnvelope } from '@commerce/events';
import { runWrites, type Placeholder, type SqlStatement } from '@commerce/service-kit';

/** The channel a relay listens on; the payload is empty because the relay rereads the table. */
export const OUTBOX_CHANNEL = 'outbox';

/**
 * The statement that stores events in the outbox (undefined for none), for the caller to run
 * in its transaction, alone or joined with the state change (runWrites). Run it after the
 * aggregate's row lock is taken: that lock orders concurrent writers, and outbox ids (the
 * publish order) are drawn here.
 */
export function outboxInsert(topic: string, envelopes: readonly EventEnvelope[]): SqlStatement | undefined {
  if (envelopes.length === 0) return undefined;
  const values: string[] = [];
  const rows = envelopes.map((envelope, index) => {
    // A malformed envelope would otherwise surface only later, in every consumer's dead-letter topic.
    envelopeSchema.parse(envelope);
    values.push(envelope.eventId, topic, envelope.aggregateId, JSON.stringify(envelope));
    const n = index * 4;
    return `($${n + 1}, $${n + 2}, $${n + 3}, $${n + 4}::jsonb)`;
  });
  // One multi-row VALUES list assigns ids in the order given, which is the publish order. A
  // trigger (NotifyOutbox migration) notifies OUTBOX_CHANNEL, delivered when the rows commit.
  return { text: `insert into outbox (event_id, topic, message_key, envelope) values ${rows.join(', ')}`, values };
}

/**
 * outboxInsert's rows as an INSERT … SELECT inside a larger statement, written once per row of
 * `source` (a WITH clause answering at most one row): the events of a change the statement
 * may turn out not to make. `$` gives the placeholders of that statement. Ids are drawn in the
 * order given, the publish order.
 */
export function outboxInsertIf(source: string, topic: string, envelopes: readonly EventEnvelope[], $: Placeholder): string {
  const rows = envelopes.map((envelope, index) => {
    envelopeSchema.parse(envelope);
    return `(${index}, ${$(envelope.eventId)}::uuid, ${$(envelope.aggregateId)}, ${$(JSON.stringify(envelope))}::jsonb)`;
  });
  return `insert into outbox (event_id, topic, message_key, envelope)
    select e.event_id, ${$(topic)}, e.message_key, e.envelope
      from (values ${rows.join(', ')}) as e (position, event_id, message_key, envelope)
     where exists (select from ${source})
     order by e.position`;
}

/**
 * Stores events in the outbox within the caller's transaction, so they commit or roll back
 * with the state change. Call it after the aggregate's own writes (see outboxInsert).
 */
export async function enqueueEvents(manager: EntityManager, topic: string, envelopes: readonly EventEnvelope[]): Promise<void> {
  // Outside a transaction the events would commit on their own, which is the bug the outbox exists to prevent.
  if (!manager.queryRunner?.isTransactionActive) {
    throw new Error('enqueueEvents needs the EntityManager of an open transaction');
  }
  await runWrites(manager, [outboxInsert(topic, envelopes)]);
}
