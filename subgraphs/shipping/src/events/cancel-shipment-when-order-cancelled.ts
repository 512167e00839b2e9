import type { EventData, EventEnvelope, OrderCancelled } from '@commerce/events';
import type { Logger } from '@commerce/service-kit';
import type { ShipmentService } from '../services/shipment-service.ts';
import { INBOX } from './inbox.ts';

/**
 * Cancels the shipment of a cancelled order while its label is not yet handed over
 * (ShipmentStatusChanged CANCELLED follows). A shipment already on its way stays, which is
 * logged: orders refuses cancellation after SHIPPED, so this is a race worth seeing. With no
 * shipment yet, the cancellation is remembered so the ShipmentRequested never ships.
 */
export async function cancelShipmentWhenOrderCancelled(
  deps: { shipments: ShipmentService; logger: Logger },
  event: EventEnvelope<'OrderCancelled', EventData<typeof OrderCancelled>>,
): Promise<void> {
  const { orderId, customerId, reason, cancelledAt } = event.data;
  const outcome = await deps.shipments.cancelForOrder(
    { orderId, customerId, reason, cancelledAt: new Date(cancelledAt) },
    { consumer: INBOX.orders, event },
  );
  if (outcome.kind === 'kept') {
    deps.logger.warn(
      { orderId, eventId: event.eventId, shipmentId: outcome.shipmentId, status: outcome.status, reason: outcome.reason },
      'order cancelled but its shipment stays',
    );
    return;
  }
  deps.logger.info({ orderId, eventId: event.eventId, outcome: outcome.kind }, 'order cancelled: shipment cancellation');
}
