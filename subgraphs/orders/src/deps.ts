import type { DataSource } from 'typeorm';
import type { Logger, TokenVerifier } from '@commerce/service-kit';
import type { Deps } from './context.ts';
import { DEFAULT_SHIPPING_RATES, type ShippingRates } from './domain/pricing.ts';
import { createStores } from './store/index.ts';

/** Wires the stores over an open DataSource (shared by main, the tests and the router's end-to-end stack). */
export function createDeps(options: {
  dataSource: DataSource;
  logger: Logger;
  verifyToken: TokenVerifier;
  /** Default EUR. */
  currency?: string;
  /** Default STANDARD 4.95, free from 50.00; EXPRESS 12.95. */
  shippingRates?: ShippingRates;
}): Deps {
  const currency = options.currency ?? 'EUR';
  return {
    ...createStores(options.dataSource, { currency, shippingRates: options.shippingRates ?? DEFAULT_SHIPPING_RATES }),
    logger: options.logger,
    verifyToken: options.verifyToken,
    currency,
  };
}
