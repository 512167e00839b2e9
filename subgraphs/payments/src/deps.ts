import type { DataSource } from 'typeorm';
import type { Logger, TokenVerifier } from '@commerce/service-kit';
import type { PaymentGateway } from './gateway/port.ts';
import { createSandboxGateway, type SandboxSettings } from './sandbox/gateway.ts';
import type { Deps } from './context.ts';
import { createPaymentProcessor } from './services/payment-processor.ts';
import { createSandboxLedger } from './sandbox/ledger-store.ts';
import { createStores } from './store/index.ts';

/**
 * The sandbox gateway with its ledger in the payments database (the only gateway there is).
 * Tests pass `{ latencyMs: { min: 0, max: 0 } }`.
 */
export function createDatabaseSandboxGateway(dataSource: DataSource, settings: Partial<SandboxSettings> = {}): PaymentGateway {
  return createSandboxGateway(createSandboxLedger(dataSource), settings);
}

/** Wires the stores, the gateway and the processor over an open DataSource (shared by main and the tests). */
export function createDeps(options: {
  dataSource: DataSource;
  logger: Logger;
  verifyToken: TokenVerifier;
  /** Defaults to the sandbox gateway over the same database, configured by `sandbox`. */
  gateway?: PaymentGateway;
  sandbox?: Partial<SandboxSettings>;
}): Deps {
  const stores = createStores(options.dataSource);
  const gateway = options.gateway ?? createDatabaseSandboxGateway(options.dataSource, options.sandbox);
  return {
    ...stores,
    gateway,
    processor: createPaymentProcessor({ payments: stores.payments, gateway, logger: options.logger }),
    logger: options.logger,
    verifyToken: options.verifyToken,
  };
}
