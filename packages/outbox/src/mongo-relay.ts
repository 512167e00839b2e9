import { randomUUID } from 'node:crypto';
import type { Connection } from 'mongoose';
import { toMessage, type EventEnvelope, type EventProducer } from '@commerce/events';
import { chunkBySize } from './chunks.ts';
import type { Logger, MongoLocks, RelaySpec } from '@commerce/service-kit';

/** Well under Kafka's default message.max.bytes (1 MB), which bounds one partition's batch. */
const MAX_REQUEST_BYTES = 512 * 1024;
/** Documents whose published events are cleared at once (FerretDB serves each from a pool of 50 connections). */
const CLEAR_LANES = 8;

export interface MongoOutboxRelayOptions {
  connection: Connection;
  /** The collection whose documents carry an `outbox` array of pending events. */
  collectionName: string;
  /** The lock writers of a document hold; the relay holds it too while it removes published events. */
  locks: MongoLocks;
  lockName: (id: string) => string;
  topic: string;
  producer: EventProducer;
  logger: Logger;
  pollIntervalMs?: number;
  batchSize?: number;
  /** How long a relay's lease lasts without renewal; another replica takes over after it. */
  leaseMs?: number;
}

export interface MongoOutboxRelay {
  /** Publishes pending events now instead of at the next poll (after a local write). */
  wake(): void;
  /** Runs one pass; resolves to the events published (0 without the lease). */
  flush(): Promise<number>;
  stop(): Promise<void>;
}

interface OutboxDocument {
  _id: string;
  outbox: EventEnvelope[];
  /** Raised by every write that appends events; lowered here once the outbox is empty. */
  outboxPending?: boolean;
  deletedAt?: Date | null;
}

/**
 * Moves events from documents' `outbox` arrays to Kafka (docs/events.md#producing-the-transactional-outbox, MongoDB): a write
 * and its events are one single-document update, so a crash between the write and the
 * publish loses nothing. Published events are removed by exact value ($pullAll), leaving
 * any appended meanwhile. One relay per database holds a lease so that an aggregate's
 * events are published in order; delivery is at least once (consumers dedupe by eventId).
 */
export function startMongoOutboxRelay(options: MongoOutboxRelayOptions): MongoOutboxRelay {
  const { connection, collectionName, topic, producer } = options;
  const collection = connection.db!.collection<OutboxDocument>(collectionName);
  const logger = options.logger.child({ component: 'outbox-relay' });
  // Local writes wake the relay at once; the poll catches other replicas' writes and restarts.
  const pollIntervalMs = options.pollIntervalMs ?? 1000;
  const batchSize = options.batchSize ?? 100;
  const leaseMs = options.leaseMs ?? 10_000;
  const owner = randomUUID();
  const leases = connection.collection<{ _id: string; owner: string; expiresAt: Date }>('outbox_leases');
  const leaseId = `relay:${collectionName}`;

  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let wakeUp: (() => void) | undefined;
  let running: Promise<number> = Promise.resolve(0);

  // The lease is a document only its owner updates; taking it over means deleting an
  // expired one and inserting anew, so the atomic insert decides between contenders.
  async function acquireLease(): Promise<boolean> {
    const expiresAt = new Date(Date.now() + leaseMs);
    // Renewing is the common case: look first, so the insert (a logged duplicate-key error in
    // the database while another relay holds the lease) is only tried when there is none.
    const held = await leases.findOne({ _id: leaseId });
    if (held?.owner === owner) {
      // No match: the lease ran out and another relay took it meanwhile.
      const renewed = await leases.updateOne({ _id: leaseId, owner }, { $set: { expiresAt } });
      return renewed.matchedCount === 1;
    }
    if (held && held.expiresAt.getTime() >= Date.now()) return false;
    if (held) await leases.deleteOne({ _id: leaseId, owner: held.owner });
    try {
      await leases.insertOne({ _id: leaseId, owner, expiresAt });
      return true;
    } catch (err) {
      if ((err as { code?: number }).code !== 11000) throw err;
      return false;
    }
  }

  async function pass(): Promise<number> {
    if (!(await acquireLease())) return 0;
    const docs = await collection
      .find({ outboxPending: true }, { projection: { outbox: 1, deletedAt: 1 } })
      .limit(batchSize)
      .toArray();
    if (docs.length === 0) return 0;
    const messages = docs.flatMap((doc) => doc.outbox.map(toMessage));
    // In order, in requests Kafka accepts: a pass of big snapshots (100 products of 100
    // variants) made one request over the broker's 1 MB limit, refused on every retry, and no
    // catalog event went out after it.
    for (const chunk of chunkBySize(messages, MAX_REQUEST_BYTES)) await producer.send({ topic, acks: -1, messages: chunk });
    // Documents are independent once their events are out: several are cleared at once, each
    // under its own lock. The pass ends only when all are (the next one must not read a
    // document still being cleared), and fails with the first error.
    const queue = [...docs];
    const lanes = await Promise.allSettled(
      Array.from({ length: Math.min(CLEAR_LANES, queue.length) }, async () => {
        for (let doc = queue.shift(); doc; doc = queue.shift()) await removePublished(doc);
      }),
    );
    const failed = lanes.find((lane): lane is PromiseRejectedResult => lane.status === 'rejected');
    if (failed) throw failed.reason;
    return messages.length;
  }

  async function removePublished(doc: OutboxDocument): Promise<void> {
    await options.locks.withLock(options.lockName(doc._id), async () => {
      const result = await collection.updateOne({ _id: doc._id }, { $pullAll: { outbox: doc.outbox } });
      if (result.modifiedCount !== 1) logger.warn({ id: doc._id }, 'published events were not removed; they will be sent again');
      // Writers hold this lock, so nothing is appended between the pull and lowering the flag.
      await collection.updateOne({ _id: doc._id, 'outbox.0': { $exists: false } }, { $set: { outboxPending: false } });
      // A deleted product is kept only until its last event is out.
      if (doc.deletedAt) await collection.deleteOne({ _id: doc._id, deletedAt: { $ne: null }, 'outbox.0': { $exists: false } });
    });
  }

  function runPass(): Promise<number> {
    running = running.then(pass, pass);
    return running;
  }

  async function loop() {
    let failures = 0;
    while (!stopped) {
      let published = 0;
      try {
        published = await runPass();
        failures = 0;
      } catch (err) {
        failures += 1;
        logger.warn({ err, failures }, 'outbox publish failed; will retry');
      }
      if (stopped) break;
      if (published >= batchSize) continue;
      const delay = failures > 0 ? Math.min(30_000, pollIntervalMs * 2 ** Math.min(failures, 6)) : pollIntervalMs;
      await new Promise<void>((resolve) => {
        wakeUp = resolve;
        timer = setTimeout(resolve, delay);
      });
      clearTimeout(timer);
      wakeUp = undefined;
    }
  }

  // Documents written before the flag existed: raise it once (a full scan, at start only).
  const flagged = collection
    .updateMany({ 'outbox.0': { $exists: true }, outboxPending: { $ne: true } }, { $set: { outboxPending: true } })
    .catch((err: unknown) => logger.warn({ err }, 'could not flag documents with pending events'));
  const looping = flagged.then(loop);
  return {
    wake: () => wakeUp?.(),
    flush: () => runPass(),
    stop: async () => {
      stopped = true;
      wakeUp?.();
      await looping;
      await running.catch(() => undefined);
      await leases.deleteOne({ _id: leaseId, owner }).catch(() => undefined);
    },
  };
}

/** runSubgraph's description of this relay: the `outbox` arrays of one collection's documents. */
export function mongoOutboxRelay(options: Omit<MongoOutboxRelayOptions, 'producer' | 'logger'>): RelaySpec {
  return { kind: 'mongo outbox', start: ({ producer, logger }) => startMongoOutboxRelay({ ...options, producer, logger }) };
}
