import { startPeriodic, type Logger } from '@commerce/service-kit';
import type { Advanced, ShipmentService } from '../services/shipment-service.ts';

export interface SandboxCarrierWorker {
  /** Runs one scan round now (every due shipment, batch by batch); resolves to the steps taken. */
  step: () => Promise<Advanced[]>;
  /** Waits for the round in flight and stops. */
  stop: () => Promise<void>;
}

/**
 * Plays the sandbox carrier's scans: every `intervalMs`, each shipment still on its way
 * moves one step (LABEL_CREATED → IN_TRANSIT → OUT_FOR_DELIVERY → DELIVERED), with a
 * tracking event and its ShipmentStatusChanged. A shipment steps only once its status is
 * `minAgeMs` old (default half the interval), so a label made just before a round still
 * shows as LABEL_CREATED for a while and each status stays visible. Replicas may all run
 * one: rows are claimed with `for update skip locked`, so no shipment steps twice in a round.
 * An interval of 0 starts nothing (a real carrier would report its own scans).
 */
export function startSandboxCarrierWorker(options: {
  shipments: Pick<ShipmentService, 'advanceSandbox'>;
  logger: Logger;
  intervalMs: number;
  minAgeMs?: number;
  batchSize?: number;
  /**
   * Only shipments created after this moves (tests on a shared database: shipments other
   * runs left on their way are not theirs to move, and thousands of them would hold theirs up).
   */
  createdAfter?: Date;
}): SandboxCarrierWorker {
  const { shipments, intervalMs, batchSize = 100 } = options;
  const minAgeMs = options.minAgeMs ?? Math.floor(intervalMs / 2);
  const logger = options.logger.child({ component: 'sandbox-carrier' });
  if (intervalMs <= 0) logger.info('sandbox carrier worker disabled (interval 0)');
  const task = startPeriodic({
    name: 'sandbox carrier round',
    intervalMs,
    logger,
    pass: async (stopped) => {
      const advanced: Advanced[] = [];
      for (;;) {
        const batch = await shipments.advanceSandbox({ limit: batchSize, minAgeMs, createdAfter: options.createdAfter });
        advanced.push(...batch);
        if (batch.length < batchSize || stopped()) break;
      }
      if (advanced.length > 0) logger.info({ count: advanced.length }, 'sandbox carrier scanned shipments');
      return advanced;
    },
  });
  return { step: task.runNow, stop: task.stop };
}
