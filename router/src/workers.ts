import cluster, { type Worker } from 'node:cluster';
import { randomBytes } from 'node:crypto';
import type { Logger } from '@commerce/service-kit';

const STOP_GRACE_MS = 20_000;
const MAX_RESTART_DELAY_MS = 30_000;

/**
 * The router on every core: this (primary) process forks `count` workers that each run the
 * whole router and share its port (the primary hands out connections round-robin). Every worker
 * reads the live event feed in a consumer group of its own, so each sees every event; cursors
 * are signed with the same keys everywhere (a random one made here when none is configured, so
 * a cursor from one worker resumes on another). A worker that dies is replaced after a backoff;
 * SIGTERM or SIGINT stops the workers gracefully, then the primary.
 */
export function runWorkers(options: { count: number; cursorKeys: readonly string[]; logger: Logger }): void {
  const { count, logger } = options;
  const env = {
    // Workers parse the same environment; this only fills in what must be equal across them.
    SUBSCRIPTION_CURSOR_KEYS: options.cursorKeys.length > 0 ? options.cursorKeys.join(',') : randomBytes(32).toString('base64url'),
  };
  let stopping = false;
  let failures = 0;
  const fork = () => {
    const worker = cluster.fork(env);
    worker.once('exit', (code, signal) => onExit(worker, code, signal));
    worker.once('listening', () => {
      failures = 0;
    });
  };
  const onExit = (worker: Worker, code: number | null, signal: string | null) => {
    if (stopping) return;
    failures += 1;
    const delay = Math.min(MAX_RESTART_DELAY_MS, 1000 * 2 ** (failures - 1));
    logger.error({ worker: worker.process.pid, code, signal, restartInMs: delay }, 'router worker exited; starting another');
    setTimeout(() => {
      if (!stopping) fork();
    }, delay).unref();
  };
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping router workers');
    const workers = Object.values(cluster.workers ?? {}).filter((w): w is Worker => w !== undefined);
    const exited = workers.map((w) => new Promise<void>((resolve) => (w.isDead() ? resolve() : w.once('exit', () => resolve()))));
    for (const w of workers) w.process.kill('SIGTERM');
    const force = setTimeout(() => {
      for (const w of workers) if (!w.isDead()) w.process.kill('SIGKILL');
    }, STOP_GRACE_MS);
    void Promise.all(exited).then(() => {
      clearTimeout(force);
      process.exit(0);
    });
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  logger.info({ workers: count }, 'starting router workers');
  for (let i = 0; i < count; i++) fork();
}
