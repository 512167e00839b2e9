import { EntitySchema } from 'typeorm';
import type { PostalAddress, Shipment, TrackingEvent } from '../domain/shipment.ts';
import type { CarrierName, Service } from '@commerce/shipping-rates';
import type { ShipmentStatus } from '../domain/tracking.ts';

/** What shipping knows of an order: its customer, and whether it was cancelled (even before any shipment). */
export interface OrderRef {
  orderId: string;
  customerId: string;
  cancelledAt: Date | null;
  cancelReason: string | null;
  createdAt: Date;
}

export const OrderRefEntity = new EntitySchema<OrderRef>({
  name: 'OrderRef',
  tableName: 'order_refs',
  columns: {
    orderId: { type: 'text', primary: true, name: 'order_id' },
    customerId: { type: 'text', name: 'customer_id' },
    cancelledAt: { type: 'timestamptz', name: 'cancelled_at', nullable: true },
    cancelReason: { type: 'text', name: 'cancel_reason', nullable: true },
    createdAt: { type: 'timestamptz', name: 'created_at' },
  },
});

/** A shipments row: the Shipment with its price in two columns. */
export interface ShipmentRow {
  id: string;
  orderId: string;
  customerId: string;
  carrier: CarrierName;
  service: Service;
  trackingNumber: string;
  labelUrl: string;
  status: ShipmentStatus;
  address: PostalAddress;
  weightGrams: number;
  priceAmount: number;
  priceCurrency: string;
  estimatedDelivery: Date;
  correlationId: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export const ShipmentEntity = new EntitySchema<ShipmentRow>({
  name: 'Shipment',
  tableName: 'shipments',
  columns: {
    id: { type: 'text', primary: true },
    orderId: { type: 'text', name: 'order_id', unique: true },
    customerId: { type: 'text', name: 'customer_id' },
    carrier: { type: 'text' },
    service: { type: 'text' },
    trackingNumber: { type: 'text', name: 'tracking_number', unique: true },
    labelUrl: { type: 'text', name: 'label_url' },
    status: { type: 'text' },
    address: { type: 'jsonb' },
    weightGrams: { type: 'integer', name: 'weight_grams' },
    priceAmount: { type: 'integer', name: 'price_amount' },
    priceCurrency: { type: 'text', name: 'price_currency' },
    estimatedDelivery: { type: 'timestamptz', name: 'estimated_delivery' },
    correlationId: { type: 'text', name: 'correlation_id', nullable: true },
    createdAt: { type: 'timestamptz', name: 'created_at' },
    updatedAt: { type: 'timestamptz', name: 'updated_at' },
  },
});

export const TrackingEventEntity = new EntitySchema<TrackingEvent>({
  name: 'TrackingEvent',
  tableName: 'tracking_events',
  columns: {
    id: { type: 'text', primary: true },
    shipmentId: { type: 'text', name: 'shipment_id' },
    status: { type: 'text' },
    location: { type: 'text', nullable: true },
    occurredAt: { type: 'timestamptz', name: 'occurred_at' },
    createdAt: { type: 'timestamptz', name: 'created_at' },
  },
});

/** The columns of a shipments row `s`, named as ShipmentRow names them. */
export const COLUMNS = `
  s.id, s.order_id as "orderId", s.customer_id as "customerId", s.carrier, s.service,
  s.tracking_number as "trackingNumber", s.label_url as "labelUrl", s.status, s.address,
  s.weight_grams as "weightGrams", s.price_amount as "priceAmount", s.price_currency as "priceCurrency",
  s.estimated_delivery as "estimatedDelivery", s.correlation_id as "correlationId",
  s.created_at as "createdAt", s.updated_at as "updatedAt"`;

export const entities = [OrderRefEntity, ShipmentEntity, TrackingEventEntity];

export function toShipment(row: ShipmentRow): Shipment {
  const { priceAmount, priceCurrency, ...rest } = row;
  return { ...rest, price: { amount: priceAmount, currency: priceCurrency } };
}
