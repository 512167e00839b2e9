import { startPeriodic, type Logger } from '@commerce/service-kit';
import type { PaymentProcessor } from '../services/payment-processor.ts';
import type { PaymentStore } from '../store/payment-store.ts';

export interface PaymentSweeper {
  /** Runs one pass now; resolves to the orders it settled. */
  sweep: () => Promise<string[]>;
  /** Waits for the pass in flight and stops. */
  stop: () => Promise<void>;
}

/**
 * Every `intervalMs`, settles payments that wait for a gateway step and have not moved for
 * `stallAfterMs`: an event that went to the dead-letter topic during a long gateway outage, or
 * an admin refund the gateway could not take at the time. Replicas may all run one: settling
 * is idempotent and serialised per order.
 */
export function startPaymentSweeper(options: {
  payments: PaymentStore;
  processor: PaymentProcessor;
  logger: Logger;
  intervalMs: number;
  stallAfterMs: number;
  batchSize?: number;
}): PaymentSweeper {
  const { payments, processor, intervalMs, stallAfterMs, batchSize = 50 } = options;
  const logger = options.logger.child({ component: 'payment-sweeper' });
  const task = startPeriodic({
    name: 'payment sweep',
    intervalMs,
    logger,
    pass: async (stopped) => {
      const settled: string[] = [];
      for (const orderId of await payments.stalled(stallAfterMs, batchSize)) {
        if (stopped()) break;
        try {
          await processor.settle(orderId);
          settled.push(orderId);
        } catch (err) {
          logger.warn({ err, orderId }, 'stalled payment could not be settled; retrying on the next pass');
        }
      }
      if (settled.length > 0) logger.info({ count: settled.length }, 'stalled payments settled');
      return settled;
    },
  });
  return { sweep: task.runNow, stop: task.stop };
}
