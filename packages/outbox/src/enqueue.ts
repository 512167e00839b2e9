import type { EntityManager } from 'typeorm';
import { envelopeSchema, type EventEnvelope } from '@commerce/events';

/** The channel a relay listens on; the payload is empty because the relay rereads the table. */
export const OUTBOX_CHANNEL = 'outbox';

/**
 * Stores events in the outbox within the caller's transaction, so they commit or roll back
 * with the state change. Call it after the aggregate's own writes: those take the row lock
 * that orders concurrent writers, and outbox ids (the publish order) are drawn here.
 */
export async function enqueueEvents(manager: EntityManager, topic: string, envelopes: readonly EventEnvelope[]): Promise<void> {
  // Outside a transaction the events would commit on their own, which is the bug the outbox exists to prevent.
  if (!manager.queryRunner?.isTransactionActive) {
    throw new Error('enqueueEvents needs the EntityManager of an open transaction');
  }
  if (envelopes.length === 0) return;
  const params: string[] = [];
  const rows = envelopes.map((envelope, index) => {
    // A malformed envelope would otherwise surface only later, in every consumer's dead-letter topic.
    envelopeSchema.parse(envelope);
    params.push(envelope.eventId, topic, envelope.aggregateId, JSON.stringify(envelope));
    const n = index * 4;
    return `($${n + 1}, $${n + 2}, $${n + 3}, $${n + 4}::jsonb)`;
  });
  // One multi-row VALUES list assigns ids in the order given, which is the publish order. A
  // trigger (NotifyOutbox migration) notifies OUTBOX_CHANNEL, delivered when the rows commit.
  await manager.query(`insert into outbox (event_id, topic, message_key, envelope) values ${rows.join(', ')}`, params);
}
