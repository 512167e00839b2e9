import type { EventData, EventEnvelope, ShipmentDelivered } from '@commerce/events';
import { advanceOrder, type SagaDeps } from './advance-order.ts';

/**
 * SHIPPED → DELIVERED, with OrderDelivered (reviews marks verified purchases). A delivery
 * reported before the shipment's IN_TRANSIT passes through SHIPPED, both steps recorded.
 */
export function deliverOrderWhenShipmentDelivered(
  deps: SagaDeps,
  event: EventEnvelope<'ShipmentDelivered', EventData<typeof ShipmentDelivered>>,
) {
  return advanceOrder(deps, event.data.orderId, { kind: 'shipment-delivered' }, event);
}
