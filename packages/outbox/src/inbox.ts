import type { DataSource, EntityManager } from 'typeorm';
import type { EventEnvelope } from '@commerce/events';

/**
 * The statement recording that a consumer has an event ($-parameters named by the caller, so
 * it can open a larger statement): answers the event id only when the inbox did not have it.
 */
export const inboxClaim = (consumer: string, eventId: string): string =>
  `insert into inbox (consumer, event_id) values (${consumer}, ${eventId}) on conflict do nothing returning event_id`;

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
