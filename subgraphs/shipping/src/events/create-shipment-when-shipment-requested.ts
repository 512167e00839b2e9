import type { EventData, EventEnvelope, ShipmentRequested } from '@commerce/events';
import type { Logger } from '@commerce/service-kit';
import type { ShipmentService } from '../services/shipment-service.ts';
import { INBOX } from './inbox.ts';

/**
 * Ships a confirmed order with the cheapest carrier for its service, zone and weight;
 * ShipmentCreated and ShipmentStatusChanged (LABEL_CREATED) follow through the outbox. A
 * second request for the order, or one for an order already cancelled, changes nothing.
 * An order that cannot ship (no such country, too heavy) throws: after the consumer's
 * retries it lands in the dead-letter topic for a person to look at.
 */
export async function createShipmentWhenShipmentRequested(
  deps: { shipments: ShipmentService; logger: Logger },
  event: EventEnvelope<'ShipmentRequested', EventData<typeof ShipmentRequested>>,
): Promise<void> {
  const { orderId, customerId, service, address, lines } = event.data;
  const outcome = await deps.shipments.create({ orderId, customerId, service, address, lines }, { consumer: INBOX.orders, event });
  const detail =
    outcome.kind === 'created'
      ? { shipmentId: outcome.shipment.id, carrier: outcome.shipment.carrier, trackingNumber: outcome.shipment.trackingNumber }
      : outcome.kind === 'duplicate'
        ? { shipmentId: outcome.shipmentId, status: outcome.status }
        : {};
  deps.logger.info({ orderId, eventId: event.eventId, outcome: outcome.kind, ...detail }, 'shipment requested');
}
