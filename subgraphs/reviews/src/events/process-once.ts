import type { EventEnvelope } from '@commerce/events';
import type { InboxStore } from '../store/inbox-store.ts';

/** What a handler did with an event: applied it, skipped a repeat, or ignored another event type. */
export type HandleOutcome = 'applied' | 'skipped' | 'ignored';

/**
 * Applies `effect` for an event unless this consumer has already finished it.
 *
 * FerretDB v1 has no multi-document transactions, so the inbox entry and the effect cannot
 * commit together. Instead:
 *   1. claim: insert `${consumer}:${eventId}` as pending (unique _id, so one row per event);
 *   2. run the effect;
 *   3. mark the entry done.
 * Only "done" skips. A crash after 1 leaves a pending entry, and the redelivered event
 * (the offset was never committed) runs the effect again; a crash after 2 does the same.
 * That is safe because every effect is idempotent and convergent on its own (upserts
 * keyed by natural keys, setting constants, guarded by occurredAt), so running it twice
 * equals running it once. The inbox adds what idempotent effects alone cannot: a
 * redelivered old event is not re-applied over newer state, and repeats cost one read.
 */
export async function processOnce(
  inbox: InboxStore,
  consumer: string,
  event: EventEnvelope,
  effect: () => Promise<void>,
): Promise<'applied' | 'skipped'> {
  if ((await inbox.claim(consumer, event)) === 'done') return 'skipped';
  await effect();
  await inbox.markDone(consumer, event.eventId);
  return 'applied';
}
