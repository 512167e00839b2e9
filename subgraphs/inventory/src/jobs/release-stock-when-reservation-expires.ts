import { startPeriodic, type Logger } from '@commerce/service-kit';
import type { ReservationService } from '../services/reservation-service.ts';

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
  reservations: ReservationService;
  logger: Logger;
  intervalMs: number;
  batchSize?: number;
}): ReservationSweeper {
  const { reservations, intervalMs, batchSize = 100 } = options;
  const logger = options.logger.child({ component: 'reservation-sweeper' });
  const task = startPeriodic({
    name: 'reservation sweep',
    intervalMs,
    logger,
    pass: async (stopped) => {
      const expired: string[] = [];
      for (;;) {
        const batch = await reservations.expireDue(batchSize);
        expired.push(...batch);
        if (batch.length < batchSize || stopped()) break;
      }
      if (expired.length > 0) logger.info({ count: expired.length }, 'expired reservations released');
      return expired;
    },
  });
  return { sweep: task.runNow, stop: task.stop };
}
