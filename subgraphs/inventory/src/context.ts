import DataLoader from 'dataloader';
import type { Logger, TokenVerifier, Viewer } from '@commerce/service-kit';
import type { StockLevel } from './domain/stock.ts';
import type { Warehouse } from './domain/warehouse.ts';
import type { ReservationService } from './services/reservation-service.ts';
import type { StockService } from './services/stock-service.ts';
import type { Stores } from './store/index.ts';

export interface Deps extends Pick<Stores, 'warehouses' | 'variants'> {
  stock: StockService;
  reservations: ReservationService;
  logger: Logger;
  verifyToken: TokenVerifier;
}

export interface Context extends Deps {
  viewer: Viewer | undefined;
  correlationId: string | undefined;
  loaders: {
    warehouse: DataLoader<string, Warehouse | undefined>;
    /** A variant's stock levels, one per warehouse holding a stock item of it. */
    stockLevels: DataLoader<string, StockLevel[]>;
  };
}

/** A fresh context per request: loaders batch and cache only within one request. */
export function createContext(deps: Deps, request: { viewer: Viewer | undefined; correlationId: string | undefined }): Context {
  return {
    ...deps,
    ...request,
    loaders: {
      warehouse: new DataLoader((ids) => deps.warehouses.findByIds(ids)),
      stockLevels: new DataLoader((ids) => deps.stock.levelsOf(ids)),
    },
  };
}
