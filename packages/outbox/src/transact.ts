import type { DataSource, EntityManager } from 'typeorm';
import type { EventEnvelope } from '@commerce/events';
import { processOnce } from './inbox.ts';

/** The event a write reacts to, and the inbox consumer that remembers having applied it. */
export interface Trigger {
  consumer: string;
  event: EventEnvelope;
}

/** How events emitted by a write link back to what caused them (docs/events.md#envelope). */
export interface Cause {
  correlationId?: string;
  causationId?: string;
}

export const ALREADY_PROCESSED = { kind: 'already-processed' } as const;
export type AlreadyProcessed = typeof ALREADY_PROCESSED;

/**
 * Runs `work` in one transaction. With a trigger the transaction also records the event in
 * the inbox, so a redelivered event runs nothing and resolves to ALREADY_PROCESSED.
 */
export async function transact<T>(
  dataSource: DataSource,
  trigger: Trigger | undefined,
  work: (manager: EntityManager) => Promise<T>,
): Promise<T | AlreadyProcessed> {
  if (!trigger) return dataSource.transaction(work);
  const box: { result?: T } = {};
  const ran = await processOnce(dataSource, trigger.consumer, trigger.event, async (manager) => {
    box.result = await work(manager);
  });
  return ran ? (box.result as T) : ALREADY_PROCESSED;
}

/** Reactions carry their trigger's correlation id and name it as their cause; other writes keep the given one. */
export function causeOf(trigger: Trigger | undefined, correlationId?: string | null): Cause {
  if (trigger) return { correlationId: trigger.event.correlationId, causationId: trigger.event.eventId };
  return correlationId ? { correlationId } : {};
}
