import type { Message, TopicMessages } from 'kafkajs';
import type { Logger } from 'pino';
import type { QueryResult } from 'pg';
import { createPgPool, type RelaySpec } from '@commerce/service-kit';
import { toMessage, type EventEnvelope, type EventProducer } from '@commerce/events';
import { OUTBOX_CHANNEL } from './enqueue.ts';
import { listenForNotifications } from './listener.ts';

export interface OutboxRelayOptions {
  /** An idempotent, connected producer (createEventProducer); the caller owns its lifecycle. */
  producer: EventProducer;
  logger: Logger;
  /** Connection string for the relay's own sessions (LISTEN and publishing); usually the service's DATABASE_URL. */
  databaseUrl: string;
  /** Safety-net poll when no notification arrives, in ms (default 1000). */
  pollIntervalMs?: number;
  /**
   * Under load, a pass starts no sooner than this many ms after the previous one (default 20),
   * so rows committed meanwhile travel in one produce request and reach consumers in one
   * fetch. At low rates passes are further apart than this and nothing waits.
   */
  lingerMs?: number;
  /** Rows published per transaction (default 100). */
  batchSize?: number;
  /** How long published rows are kept for inspection, in ms (default 7 days). */
  retentionMs?: number;
  /** How often published rows past the retention are deleted, in ms (default 1 hour). */
  cleanupIntervalMs?: number;
  /** Upper bound of the retry delay after failures, in ms (default 30 s). */
  maxBackoffMs?: number;
  /** application_name of the relay's sessions, to find them in pg_stat_activity (default 'outbox-relay'). */
  applicationName?: string;
}

export interface OutboxRelay {
  /** Finishes the in-flight batch, stops the loop and closes the LISTEN session. */
  stop: () => Promise<void>;
  /** Runs one publish pass now; resolves to the rows this relay published (0 if another relay holds the lock). */
  flush: () => Promise<number>;
}

interface OutboxRow {
  id: string;
  topic: string;
  message_key: string;
  envelope: EventEnvelope;
}

// Advisory locks are scoped to the database, so this admits one publisher per service database.
const RELAY_LOCK = 'outbox:relay';
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Moves committed outbox rows to Kafka, in id order, and marks them published in the same
 * transaction. Delivery is at least once: a crash after the broker acknowledged but before
 * the commit publishes the batch again, which consumers absorb through their inbox.
 */
export async function startOutboxRelay(options: OutboxRelayOptions): Promise<OutboxRelay> {
  const { producer, databaseUrl } = options;
  const pollIntervalMs = options.pollIntervalMs ?? 1000;
  const batchSize = options.batchSize ?? 100;
  const lingerMs = options.lingerMs ?? 20;
  const retentionMs = options.retentionMs ?? 7 * DAY_MS;
  const cleanupIntervalMs = options.cleanupIntervalMs ?? 60 * 60 * 1000;
  const maxBackoffMs = options.maxBackoffMs ?? 30_000;
  const logger = options.logger.child({ component: 'outbox-relay' });

  let stopped = false;
  // Set by a notification during a pass, so rows committed meanwhile do not wait for the poll.
  let pending = false;
  let sleeper: { wake: () => void; wakeable: boolean } | undefined;
  let tail: Promise<unknown> = Promise.resolve();

  // Passes of one relay run one after another; concurrently they would only contend for the lock.
  function exclusive<T>(pass: () => Promise<T>): Promise<T> {
    const run = tail.then(pass);
    tail = run.catch(() => undefined);
    return run;
  }

  function wake() {
    pending = true;
    if (sleeper?.wakeable) sleeper.wake();
  }

  function sleep(ms: number, wakeable: boolean): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        sleeper = undefined;
        resolve();
      }
      sleeper = { wake: done, wakeable };
    });
  }

  // A pass is two round trips to PostgreSQL: the relay lock, the batch and its row locks in one
  // message, then marking the rows and committing in another. They are simple-protocol
  // statements without parameters; the only values inlined are this module's constants and
  // bigint ids read back from the table.
  const selectBatch = `select id, topic, message_key, envelope from outbox
      where published_at is null and (select pg_try_advisory_xact_lock(hashtext('${RELAY_LOCK}')))
      order by id limit ${Math.trunc(batchSize)} for update skip locked`;

  // Passes and clean-ups run on a connection of their own: on the service's pool they would
  // queue behind every request and event handler of a busy service, and events would wait.
  const applicationName = options.applicationName ?? 'outbox-relay';
  // A session that breaks (while idle, or while a pass awaits Kafka) is dropped, and the next pass opens another.
  const connection = createPgPool(
    { connectionString: databaseUrl, application_name: `${applicationName}/publish`, max: 1, idleTimeoutMillis: 0, connectionTimeoutMillis: 5000 },
    logger,
  );

  async function publishBatch(): Promise<number> {
    const client = await connection.connect();
    const release = (err?: unknown) => client.release(err instanceof Error ? err : undefined);
    let inTransaction = false;
    try {
      inTransaction = true;
      const [, selected] = (await client.query(`begin; ${selectBatch}`)) as unknown as QueryResult<OutboxRow>[];
      const rows = selected?.rows ?? [];
      if (rows.length > 0) await producer.sendBatch({ acks: -1, topicMessages: groupByTopic(rows) });
      await client.query(rows.length > 0 ? `${markPublished(rows)}; commit` : 'commit');
      inTransaction = false;
      release();
      if (rows.length > 0) logger.debug({ count: rows.length }, 'outbox rows published');
      return rows.length;
    } catch (err) {
      // Rolled back, the rows stay unpublished for the next pass; a broken connection is discarded.
      const rolledBack = inTransaction ? client.query('rollback').then(() => undefined, (rollbackErr: unknown) => rollbackErr) : undefined;
      release(await rolledBack);
      throw err;
    }
  }

  async function deleteExpired() {
    const { rowCount: deleted } = await connection.query(`delete from outbox where published_at < now() - make_interval(secs => $1)`, [
      retentionMs / 1000,
    ]);
    if (deleted) logger.info({ deleted }, 'published outbox rows past retention deleted');
  }

  async function loop() {
    let failures = 0;
    let lastCleanup = 0;
    let lastPass = 0;
    while (!stopped) {
      const lingering = lastPass + lingerMs - Date.now();
      if (lingering > 0) await sleep(lingering, false);
      if (stopped) break;
      lastPass = Date.now();
      pending = false;
      let published = 0;
      try {
        published = await exclusive(publishBatch);
        failures = 0;
      } catch (err) {
        failures += 1;
        logger.warn({ err, failures }, 'outbox publish failed; the batch was rolled back and will be retried');
      }
      if (stopped) break;
      if (Date.now() - lastCleanup >= cleanupIntervalMs) {
        lastCleanup = Date.now();
        await deleteExpired().catch((err: unknown) => logger.warn({ err }, 'outbox cleanup failed'));
      }
      if (failures > 0) {
        // Notifications must not cut the backoff short, or a busy service would hammer a broken broker.
        await sleep(Math.min(maxBackoffMs, pollIntervalMs * 2 ** Math.min(failures - 1, 20)), false);
      } else if (published < batchSize && !pending) {
        await sleep(pollIntervalMs, true);
      }
    }
  }

  const listener = await listenForNotifications({
    url: databaseUrl,
    channel: OUTBOX_CHANNEL,
    applicationName,
    logger,
    onNotify: wake,
    onReconnect: wake,
    maxBackoffMs,
  });
  // Started only after LISTEN is in place, so nothing committed in between waits for the poll.
  const running = loop();
  logger.info({ pollIntervalMs, lingerMs, batchSize }, 'outbox relay started');

  let stopping: Promise<void> | undefined;
  return {
    stop: () => {
      stopping ??= (async () => {
        stopped = true;
        sleeper?.wake();
        await running;
        await tail;
        await listener.close();
        await connection.end();
        logger.info('outbox relay stopped');
      })();
      return stopping;
    },
    flush: () => {
      if (stopped) return Promise.reject(new Error('outbox relay is stopped'));
      return exclusive(publishBatch);
    },
  };
}

// Kafka keeps order per partition only, so each topic's messages keep the rows' id order.
function groupByTopic(rows: OutboxRow[]): TopicMessages[] {
  const byTopic = new Map<string, Message[]>();
  for (const row of rows) {
    const messages = byTopic.get(row.topic) ?? [];
    messages.push({ ...toMessage(row.envelope), key: row.message_key });
    byTopic.set(row.topic, messages);
  }
  return [...byTopic].map(([topic, messages]) => ({ topic, messages }));
}

function markPublished(rows: OutboxRow[]): string {
  const ids = rows.map((row) => {
    if (!/^\d+$/.test(String(row.id))) throw new Error(`unexpected outbox id ${String(row.id)}`);
    return row.id;
  });
  return `update outbox set published_at = now() where id in (${ids.join(', ')})`;
}

/** runSubgraph's description of this relay: the service's PostgreSQL outbox, published by its own sessions. */
export function pgOutboxRelay(databaseUrl: string): RelaySpec {
  return { kind: 'pg outbox', start: ({ producer, logger }) => startOutboxRelay({ producer, logger, databaseUrl }) };
}
