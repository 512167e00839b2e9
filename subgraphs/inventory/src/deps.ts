import type { DataSource } from 'typeorm';
import type { Logger, TokenVerifier } from '@commerce/service-kit';
import type { Deps } from './context.ts';
import { createReservationService } from './services/reservation-service.ts';
import { createStockService } from './services/stock-service.ts';
import { createStores } from './store/index.ts';

/** Wires the stores over an open DataSource and the use cases over them (shared by main and the tests). */
export function createDeps(options: {
  dataSource: DataSource;
  logger: Logger;
  verifyToken: TokenVerifier;
  reservationTtlSeconds: number;
}): Deps {
  const stores = createStores(options.dataSource);
  return {
    warehouses: stores.warehouses,
    variants: stores.variants,
    stock: createStockService(stores.stock),
    reservations: createReservationService(stores.reservations, { ttlSeconds: options.reservationTtlSeconds }),
    logger: options.logger,
    verifyToken: options.verifyToken,
  };
}
