import type { EventEnvelope } from '@commerce/events';

/** What runs SQL: a TypeORM DataSource or EntityManager, a pg client. */
export interface Queryable {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- TypeORM and pg type their rows loosely
  query(sql: string, values?: unknown[]): Promise<any>;
}

/** An aggregate's events in a PostgreSQL outbox (`topic`'s only), in publish order. */
export async function outboxOf(db: Queryable, topic: string, aggregateId: string): Promise<EventEnvelope[]> {
  const rows: { envelope: EventEnvelope }[] = await db.query(
    'select envelope from outbox where message_key = $1 and topic = $2 order by id',
    [aggregateId, topic],
  );
  return rows.map((row) => row.envelope);
}

/** The types of an aggregate's outbox events (`topic`'s only), in publish order. */
export async function outboxTypes(db: Queryable, topic: string, aggregateId: string): Promise<string[]> {
  return (await outboxOf(db, topic, aggregateId)).map((event) => event.eventType);
}

/**
 * Removes a suite's unpublished events from a shared outbox: they were asserted on in the
 * database, and a relay started later (by another suite) should not publish them.
 */
export async function discardOutbox(db: Queryable, aggregateIds: readonly string[]): Promise<void> {
  await db.query('delete from outbox where message_key = any($1::text[]) and published_at is null', [[...aggregateIds]]);
}

/** Polls every 50 ms until `condition` holds, or fails the test after `ms`, naming `what` it waited for. */
export async function waitFor(condition: () => boolean | Promise<boolean>, ms: number, what: string): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
