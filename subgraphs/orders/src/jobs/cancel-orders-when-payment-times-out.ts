import { startPeriodic, type Logger } from '@commerce/service-kit';
import type { OrderService } from '../services/order-service.ts';

export interface ExpirySweeper {
  /** Runs one pass now; resolves to the orders it cancelled. */
  sweep: () => Promise<string[]>;
  /** Waits for the pass in flight and stops. */
  stop: () => Promise<void>;
}

/**
 * Every `intervalMs`, cancels (reason EXPIRED) the orders still PENDING or AWAITING_PAYMENT
 * `timeoutSeconds` after placement; OrderCancelled makes inventory release their stock.
 * The timeout stays below inventory's reservation TTL, so an order is cancelled before its
 * stock is released under it. Replicas may all run one: due orders are locked with
 * `skip locked`, so two sweepers never cancel the same order twice.
 */
export function startExpirySweeper(options: {
  orders: OrderService;
  logger: Logger;
  timeoutSeconds: number;
  intervalMs: number;
  batchSize?: number;
}): ExpirySweeper {
  const { orders, timeoutSeconds, intervalMs, batchSize = 100 } = options;
  const logger = options.logger.child({ component: 'expiry-sweeper' });
  const task = startPeriodic({
    name: 'expiry sweep',
    intervalMs,
    logger,
    pass: async (stopped) => {
      const expired: string[] = [];
      for (;;) {
        const batch = await orders.expireUnpaid(timeoutSeconds, batchSize);
        expired.push(...batch);
        if (batch.length < batchSize || stopped()) break;
      }
      if (expired.length > 0) logger.info({ count: expired.length }, 'unpaid orders expired');
      return expired;
    },
  });
  return { sweep: task.runNow, stop: task.stop };
}
