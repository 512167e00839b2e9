import type { DataSource, EntityManager } from 'typeorm';
import type { EventEnvelope } from '@commerce/events';
import { processOnce } from '@commerce/outbox';

/** The event a write reacts to, and the inbox consumer that remembers having applied it. */
export interface Trigger {
  consumer: string;
  event: EventEnvelope;
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

/** True for PostgreSQL's unique_violation. */
export function isUniqueViolation(err: unknown): boolean {
  return (err as { code?: unknown }).code === '23505';
}
