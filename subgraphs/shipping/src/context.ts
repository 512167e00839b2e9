import DataLoader from 'dataloader';
import type { Logger, TokenVerifier, Viewer } from '@commerce/service-kit';
import type { RateCard } from '@commerce/shipping-rates';
import type { Shipment, TrackingEvent } from './domain/shipment.ts';
import type { OrderShipments, ShipmentService } from './services/shipment-service.ts';

export interface Deps {
  shipments: ShipmentService;
  rateCard: RateCard;
  logger: Logger;
  verifyToken: TokenVerifier;
}

export interface Context extends Deps {
  viewer: Viewer | undefined;
  correlationId: string | undefined;
  loaders: {
    shipment: DataLoader<string, Shipment | undefined>;
    /** An order's shipments and customer, for Order.shipments. */
    orderShipments: DataLoader<string, OrderShipments>;
    trackingEvents: DataLoader<string, TrackingEvent[]>;
  };
}

/** A fresh context per request: loaders batch and cache only within one request. */
export function createContext(deps: Deps, request: { viewer: Viewer | undefined; correlationId: string | undefined }): Context {
  return {
    ...deps,
    ...request,
    loaders: {
      shipment: new DataLoader((ids) => deps.shipments.findByIds(ids)),
      orderShipments: new DataLoader((ids) => deps.shipments.byOrders(ids)),
      trackingEvents: new DataLoader((ids) => deps.shipments.trackingEventsOf(ids)),
    },
  };
}
