import type { Logger } from 'pino';

export interface PeriodicTask<T> {
  /** Runs one pass now, after any pass in flight; resolves to its result. */
  runNow: () => Promise<T>;
  /** Waits for the pass in flight and stops scheduling. */
  stop: () => Promise<void>;
}

/**
 * Runs `pass` every `intervalMs`, counted from the end of the previous pass, so passes never
 * overlap (a `runNow` queues behind the one in flight). A failing pass is logged and the
 * next tick tries again. `pass` receives `stopped()` to end a long pass early on shutdown.
 */
export function startPeriodic<T>(options: {
  name: string;
  intervalMs: number;
  logger: Logger;
  pass: (stopped: () => boolean) => Promise<T>;
}): PeriodicTask<T> {
  const { name, intervalMs, logger, pass } = options;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let tail: Promise<unknown> = Promise.resolve();

  function runNow(): Promise<T> {
    const run = tail.then(() => pass(() => stopped));
    tail = run.catch(() => undefined);
    return run;
  }

  function schedule() {
    // A non-positive interval leaves the task to runNow alone.
    if (stopped || intervalMs <= 0) return;
    timer = setTimeout(() => {
      runNow()
        .catch((err: unknown) => logger.warn({ err }, `${name} failed; retrying on the next tick`))
        .finally(schedule);
    }, intervalMs);
  }

  schedule();
  return {
    runNow,
    stop: async () => {
      stopped = true;
      clearTimeout(timer);
      await tail;
    },
  };
}
