import { forbidden, isSelfOrAdmin, moneyView, requireSelfOrAdmin } from '@commerce/service-kit';
import { trackingUrlOf, type Rate } from '@commerce/shipping-rates';
import type { Shipment as ShipmentModel, TrackingEvent as TrackingEventModel } from '../domain/shipment.ts';
import type { Context } from '../context.ts';

export const Shipment = {
  // Every way to a shipment (this, Query.shipment, Order.shipments) checks ownership.
  async __resolveReference(ref: { id: string }, ctx: Context): Promise<ShipmentModel | null> {
    const shipment = await ctx.loaders.shipment.load(ref.id);
    if (!shipment) return null;
    requireSelfOrAdmin(ctx.viewer, shipment.customerId);
    return shipment;
  },
  order: (shipment: ShipmentModel) => ({ id: shipment.orderId }),
  trackingUrl: (shipment: ShipmentModel, _: unknown, ctx: Context) => trackingUrlOf(ctx.rateCard, shipment),
  estimatedDelivery: (shipment: ShipmentModel) => shipment.estimatedDelivery.toISOString(),
  // Checked again here: the destination is the most private part, and its field is nullable.
  address: (shipment: ShipmentModel, _: unknown, ctx: Context) => {
    if (!isSelfOrAdmin(ctx.viewer, shipment.customerId)) throw forbidden('Only the customer and admins can see the address.');
    return shipment.address;
  },
  trackingEvents: (shipment: ShipmentModel, _: unknown, ctx: Context) => ctx.loaders.trackingEvents.load(shipment.id),
  createdAt: (shipment: ShipmentModel) => shipment.createdAt.toISOString(),
  updatedAt: (shipment: ShipmentModel) => shipment.updatedAt.toISOString(),
};

export const ShippingRate = {
  price: (rate: Rate) => moneyView(rate.price),
};

export const TrackingEvent = {
  occurredAt: (event: TrackingEventModel) => event.occurredAt.toISOString(),
};
