import type { Logger } from '@commerce/service-kit';
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
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let tail: Promise<unknown> = Promise.resolve();

  // Passes run one after another, whether triggered by the timer or by sweep().
  function exclusive(): Promise<string[]> {
    const run = tail.then(async () => {
      const settled: string[] = [];
      for (const orderId of await payments.stalled(stallAfterMs, batchSize)) {
        if (stopped) break;
        try {
          await processor.settle(orderId);
          settled.push(orderId);
        } catch (err) {
          logger.warn({ err, orderId }, 'stalled payment could not be settled; retrying on the next pass');
        }
      }
      if (settled.length > 0) logger.info({ count: settled.length }, 'stalled payments settled');
      return settled;
    });
    tail = run.catch(() => undefined);
    return run;
  }

  function schedule() {
    if (stopped) return;
    timer = setTimeout(() => {
      exclusive()
        .catch((err: unknown) => logger.warn({ err }, 'payment sweep failed; retrying on the next tick'))
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
