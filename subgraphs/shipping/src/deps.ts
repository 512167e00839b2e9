import type { DataSource } from 'typeorm';
import type { Logger, TokenVerifier } from '@commerce/service-kit';
import { RATE_CARD, rateCardProblems, type RateCard } from '@commerce/shipping-rates';
import type { CarrierPort } from './carrier/port.ts';
import { createSandboxCarrier } from './sandbox/carrier.ts';
import { createShipmentService } from './services/shipment-service.ts';
import type { Context, Deps } from './context.ts';
import { createStores } from './store/index.ts';

export type { Context, Deps };

/**
 * Wires the stores and the use cases over an open DataSource (shared by main, the tests and the router's
 * end-to-end harness). Without a carrier the sandbox carrier is used; without a rate card,
 * RATE_CARD of @commerce/shipping-rates. Refuses a rate card that is inconsistent or prices in another currency.
 */
export function createDeps(options: {
  dataSource: DataSource;
  logger: Logger;
  verifyToken: TokenVerifier;
  carrier?: CarrierPort;
  rateCard?: RateCard;
  currency?: string;
}): Deps {
  const rateCard = options.rateCard ?? RATE_CARD;
  const problems = rateCardProblems(rateCard);
  if (options.currency && options.currency !== rateCard.currency) {
    problems.push(`the store currency is ${options.currency} but the rate card prices in ${rateCard.currency}`);
  }
  if (problems.length > 0) throw new Error(`unusable rate card:\n  ${problems.join('\n  ')}`);
  const carrier = options.carrier ?? createSandboxCarrier();
  return {
    shipments: createShipmentService({ stores: createStores(options.dataSource), carrier, rateCard }),
    rateCard,
    logger: options.logger,
    verifyToken: options.verifyToken,
  };
}
