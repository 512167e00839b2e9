import type { Logger } from '@commerce/service-kit';
import type { ReservationStore } from '../store/reservation-store.ts';

export interface ReservationSweeper {
  /** Runs one pass now; resolves to the orders whose reservations expired. */
  sweep: () => Promise<string[]>;
  /** Waits for the pass in flight and stops. */
  stop: () => Promise<void>;
}

/**
 * Every `intervalMs`, releases the stock of reservations past their deadline (StockReleased
 * with reason EXPIRED). Replicas may all run one: each reservation is expired under its
 * row lock and locked rows are skipped, so two sweepers never expire the same one twice.
 */
export function startReservationSweeper(options: {
  reservations: ReservationStore;
  logger: Logger;
  intervalMs: number;
  batchSize?: number;
}): ReservationSweeper {
  const { reservations, intervalMs, batchSize = 100 } = options;
  const logger = options.logger.child({ component: 'reservation-sweeper' });
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let tail: Promise<unknown> = Promise.resolve();

  // Passes run one after another, whether triggered by the timer or by sweep().
  function exclusive(): Promise<string[]> {
    const run = tail.then(async () => {
      const expired: string[] = [];
      for (;;) {
        const batch = await reservations.expireDue(batchSize);
        expired.push(...batch);
        if (batch.length < batchSize || stopped) break;
      }
      if (expired.length > 0) logger.info({ count: expired.length }, 'expired reservations released');
      return expired;
    });
    tail = run.catch(() => undefined);
    return run;
  }

  function schedule() {
    if (stopped) return;
    timer = setTimeout(() => {
      exclusive()
        .catch((err: unknown) => logger.warn({ err }, 'reservation sweep failed; retrying on the next tick'))
        .finally(schedule);
    }, intervalMs);
  }

  schedule();
  return {
    sweep: exclusive,
    stop: async () => {
      stopped = true;
      clearTimeout(timer);
      await tail;
    },
  };
}
