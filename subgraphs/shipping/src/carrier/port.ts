import type { PostalAddress } from '@commerce/events';
import type { CarrierName, Service } from '@commerce/shipping-rates';

export interface CreateShipmentRequest {
  /** The same key always answers with the same shipment (the order id: one shipment per order). */
  idempotencyKey: string;
  carrier: CarrierName;
  service: Service;
  address: PostalAddress;
  weightGrams: number;
  /** Transit time of the chosen rate, in business days. */
  estimatedDays: number;
}

/** What a carrier answers for a new shipment. */
export interface CarrierShipment {
  carrier: CarrierName;
  service: Service;
  trackingNumber: string;
  /** Where the printable label can be fetched. */
  labelUrl: string;
  estimatedDelivery: Date;
}

export type CancelResult =
  | { cancelled: true }
  /** The carrier refuses, e.g. because it already has the parcel. */
  | { cancelled: false; reason: string };

/**
 * The carriers behind one interface (a port, in hexagonal terms), so the shipping code never
 * depends on a carrier's API. Calls may be retried: implementations are idempotent by key
 * (createShipment) or by tracking number (cancelShipment).
 */
export interface CarrierPort {
  createShipment(request: CreateShipmentRequest): Promise<CarrierShipment>;
  cancelShipment(carrier: CarrierName, trackingNumber: string): Promise<CancelResult>;
}
