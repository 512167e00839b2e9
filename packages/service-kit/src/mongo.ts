import { randomUUID } from 'node:crypto';
import mongoose, { type Connection } from 'mongoose';

/**
 * Opens a mongoose connection (its own, not the global one). Retryable writes are off
 * because FerretDB v1, the local MongoDB-wire server, runs without a replica set.
 */
export async function connectMongo(url: string, options: { monitorCommands?: boolean } = {}): Promise<Connection> {
  const connection = mongoose.createConnection(url, {
    serverSelectionTimeoutMS: 5000,
    retryWrites: false,
    autoIndex: true,
    // Tests count round trips through the driver's command events.
    monitorCommands: options.monitorCommands ?? false,
  });
  // The driver reconnects by itself; an unheard 'error' event would end the process first.
  connection.on('error', ignoreConnectionError);
  await connection.asPromise();
  return connection;
}

function ignoreConnectionError() {}

/** Raised when a lock could not be had in time. */
export class LockTimeoutError extends Error {}

export interface MongoLocks {
  /** Runs `work` while holding the named lock; other holders of the same name wait. */
  withLock<T>(name: string, work: () => Promise<T>, options?: { ttlMs?: number; waitMs?: number }): Promise<T>;
}

interface LockDocument {
  _id: string;
  owner: string;
  expiresAt: Date;
}

/**
 * Named mutual exclusion across processes, built on the one write FerretDB v1 performs
 * atomically: inserting a document whose _id is taken fails. Its updates are read-modify-write
 * without isolation (50 concurrent $inc on one document were measured to land 12 times), so
 * every read-modify-write of a shared document must hold the document's lock. A lock whose
 * holder died is taken over after its time to live.
 */
export function createMongoLocks(connection: Connection, collectionName = 'locks'): MongoLocks {
  const locks = connection.db!.collection<LockDocument>(collectionName);
  return {
    async withLock(name, work, options = {}) {
      const ttlMs = options.ttlMs ?? 30_000;
      const deadline = Date.now() + (options.waitMs ?? 10_000);
      const owner = randomUUID();
      for (let attempt = 0; ; attempt++) {
        try {
          await locks.insertOne({ _id: name, owner, expiresAt: new Date(Date.now() + ttlMs) });
          break;
        } catch (err) {
          if ((err as { code?: number }).code !== 11000) throw err;
        }
        const held = await locks.findOne({ _id: name });
        if (held && held.expiresAt.getTime() < Date.now()) {
          await locks.deleteOne({ _id: name, owner: held.owner });
          continue;
        }
        if (Date.now() > deadline) throw new LockTimeoutError(`lock ${name} is busy`);
        await new Promise((resolve) => setTimeout(resolve, Math.min(2 + attempt * 2, 25) * (0.5 + Math.random())));
      }
      try {
        return await work();
      } finally {
        await locks.deleteOne({ _id: name, owner });
      }
    },
  };
}
