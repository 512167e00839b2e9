import type { PostalAddress } from '@commerce/events';
import type { Money } from '@commerce/domain-kit';
import type { CarrierName, Service } from '@commerce/shipping-rates';
import type { ShipmentStatus } from './tracking.ts';

export type { PostalAddress };

/** One parcel of an order on its way to the customer. */
export interface Shipment {
  id: string;
  orderId: string;
  /** The order's customer (from ShipmentRequested): they and admins may see the shipment. */
  customerId: string;
  carrier: CarrierName;
  service: Service;
  trackingNumber: string;
  labelUrl: string;
  status: ShipmentStatus;
  address: PostalAddress;
  weightGrams: number;
  /** What the carrier charges for it (the quoted rate). */
  price: Money;
  estimatedDelivery: Date;
  /** The order saga's correlation id, for events no incoming event causes (tracking scans). */
  correlationId: string | null;
  createdAt: Date;
  updatedAt: Date;
}

/** One scan or status change of a shipment. */
export interface TrackingEvent {
  id: string;
  shipmentId: string;
  status: ShipmentStatus;
  /** Where it happened; none for a cancellation. */
  location: string | null;
  occurredAt: Date;
  createdAt: Date;
}
