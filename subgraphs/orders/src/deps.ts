import type { DataSource } from 'typeorm';
import type { Logger, TokenVerifier } from '@commerce/service-kit';
import { RATE_CARD, type RateCard } from '@commerce/shipping-rates';
import type { Deps } from './context.ts';
import { DEFAULT_FREE_STANDARD_FROM, shippingPolicyProblems, type ShippingPolicy } from './domain/pricing.ts';
import { createOrderService } from './services/order-service.ts';
import { createStores } from './store/index.ts';

/**
 * Wires the stores and the use cases over an open DataSource (shared by main, the tests and the router's
 * end-to-end stack). Shipping is charged from RATE_CARD of @commerce/shipping-rates unless
 * another card is given, the one shipping quotes from; a card that is inconsistent or prices
 * in another currency than the store's is refused, so the service does not start.
 */
export function createDeps(options: {
  dataSource: DataSource;
  logger: Logger;
  verifyToken: TokenVerifier;
  /** Default EUR. */
  currency?: string;
  rateCard?: RateCard;
  /** STANDARD is free from this subtotal, in minor units; default 5000. */
  freeStandardFrom?: number;
}): Deps {
  const currency = options.currency ?? 'EUR';
  const shipping: ShippingPolicy = {
    card: options.rateCard ?? RATE_CARD,
    freeStandardFrom: options.freeStandardFrom ?? DEFAULT_FREE_STANDARD_FROM,
  };
  const problems = shippingPolicyProblems(shipping, currency);
  if (problems.length > 0) throw new Error(`unusable shipping rates:\n  ${problems.join('\n  ')}`);
  const stores = createStores(options.dataSource, { currency });
  return {
    ...stores,
    orders: createOrderService({ store: stores.orders, currency, shipping }),
    logger: options.logger,
    verifyToken: options.verifyToken,
    currency,
  };
}
