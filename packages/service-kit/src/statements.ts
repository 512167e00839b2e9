import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity.js';

/** One parameterised SQL statement ($1, $2… refer to `values`). */
export interface SqlStatement {
  text: string;
  values: unknown[];
}

/**
 * Joins writes into one statement, each a data-modifying WITH clause: one round trip to
 * PostgreSQL instead of one per write. Every query is a socket write and read on both sides,
 * which on this kind of machine costs more than most of the statements themselves.
 *
 * The writes see the same snapshot and none sees another's rows, so they must not touch the
 * same rows or read what another writes; constraints and triggers still apply, at the end of
 * the statement. Each `text` is one INSERT, UPDATE or DELETE without a WITH clause of its own.
 */
export function joinWrites(statements: readonly (SqlStatement | undefined)[], answer?: string): SqlStatement | undefined {
  const present = statements.filter((statement): statement is SqlStatement => statement !== undefined);
  if (present.length === 0 || (present.length === 1 && answer === undefined)) return present[0];
  const values: unknown[] = [];
  const clauses = present.map((statement, index) => {
    const offset = values.length;
    values.push(...statement.values);
    const text = statement.text.replace(/\$(\d+)/g, (_, n: string) => `$${Number(n) + offset}`);
    return `w${index} as (${text})`;
  });
  return { text: `with ${clauses.join(',\n')}\n${answer ?? 'select 1'}`, values };
}

/** Runs the writes in one round trip, in the manager's transaction (nothing when there are none). */
export async function runWrites(manager: EntityManager, statements: readonly (SqlStatement | undefined)[]): Promise<void> {
  const joined = joinWrites(statements);
  if (joined) await manager.query(joined.text, joined.values);
}

/**
 * runWrites, answering the rows of `answer`: a SELECT over the writes' RETURNING, where the
 * first write is `w0`, the second `w1`, and so on.
 */
export async function runWritesAnswering<T>(manager: EntityManager, answer: string, statements: readonly (SqlStatement | undefined)[]): Promise<T[]> {
  const joined = joinWrites(statements, answer);
  if (!joined) throw new Error('runWritesAnswering needs at least one write');
  return manager.query<T[]>(joined.text, joined.values);
}

/** Turns a value into the next $-placeholder of a statement being written, keeping the value. */
export type Placeholder = (value: unknown) => string;

/** The values of one statement being written: `$(value)` keeps the value and answers its placeholder. */
export function placeholders(): { values: unknown[]; $: Placeholder } {
  const values: unknown[] = [];
  return { values, $: (value) => `$${values.push(value)}` };
}

/** The INSERT TypeORM would run for `rows` of an entity, as a statement to join with others. */
export function entityInsert<T extends ObjectLiteral>(manager: EntityManager, target: EntityTarget<T>, rows: QueryDeepPartialEntity<T> | QueryDeepPartialEntity<T>[]): SqlStatement {
  const [text, values] = manager.createQueryBuilder().insert().into(target).values(rows).getQueryAndParameters();
  return { text, values };
}
