import type { Connection, Model, Schema } from 'mongoose';

/** A model on `connection`, registered once even when stores are created again (tests share a connection). */
export function modelOn<Doc>(connection: Connection, name: string, schema: Schema<Doc>): Model<Doc> {
  return (connection.models[name] as Model<Doc> | undefined) ?? connection.model<Doc>(name, schema);
}

/** True for a unique-index violation (MongoDB and FerretDB both answer E11000). */
export function isDuplicateKey(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false;
  return (err as { code?: unknown }).code === 11000;
}

/**
 * Batch size for reads that batch many entities: the whole answer comes back with the
 * command itself instead of the server's default first batch of 101 documents followed by
 * getMore round trips, which would make the cost grow with the page size again.
 * (Batches are still capped at 16 MiB by the server.)
 */
export const ONE_BATCH = 100_000;

/**
 * Throws unless an update matched or inserted a document. FerretDB v1 ignores some update
 * forms without an error (e.g. `a.$.b`, `$pull` with a condition), so writes that must land
 * check their counts instead of trusting the absence of an error.
 */
export function expectWritten(result: { matchedCount: number; upsertedCount: number }, what: string): void {
  if (result.matchedCount + result.upsertedCount === 0) throw new Error(`${what} was not written`);
}
