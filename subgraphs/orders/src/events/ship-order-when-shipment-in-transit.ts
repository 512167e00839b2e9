import type { EventData, EventEnvelope, ShipmentStatusChanged } from '@commerce/events';
import { advanceOrder, type SagaDeps } from './advance-order.ts';

// Any status after IN_TRANSIT also means the parcel has left, should IN_TRANSIT itself be late.
const LEFT_THE_WAREHOUSE = new Set(['IN_TRANSIT', 'OUT_FOR_DELIVERY', 'DELIVERED']);

/**
 * CONFIRMED → SHIPPED on the shipment's first move, with OrderShipped (inventory commits the
 * stock). Other statuses (LABEL_CREATED, EXCEPTION, CANCELLED) do not change the order.
 */
export async function shipOrderWhenShipmentInTransit(
  deps: SagaDeps,
  event: EventEnvelope<'ShipmentStatusChanged', EventData<typeof ShipmentStatusChanged>>,
): Promise<void> {
  if (!LEFT_THE_WAREHOUSE.has(event.data.status)) return;
  await advanceOrder(deps, event.data.orderId, { kind: 'shipment-in-transit' }, event);
}
