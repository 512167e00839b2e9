import { requireSelfOrAdmin, requireViewer } from '@commerce/service-kit';
import type { Shipment } from '../domain/shipment.ts';
import type { Context } from '../context.ts';

interface OrderRef {
  id: string;
}

// The orders subgraph owns orders; any id resolves here, and an order shipping never heard
// of simply has no shipments yet.
export const Order = {
  __resolveReference: (ref: OrderRef): OrderRef => ({ id: ref.id }),

  /**
   * The order's customer (as ShipmentRequested or OrderCancelled named them) and admins
   * only. Before shipping has heard of the order there is nothing to protect: an empty list.
   */
  async shipments(order: OrderRef, _: unknown, ctx: Context): Promise<Shipment[]> {
    const viewer = requireViewer(ctx.viewer);
    const { customerId, shipments } = await ctx.loaders.orderShipments.load(order.id);
    if (customerId !== undefined) requireSelfOrAdmin(viewer, customerId);
    return shipments;
  },
};
