import type { EventData, EventEnvelope, OrderPlaced } from '@commerce/events';
import type { Logger } from '@commerce/service-kit';
import type { ReservationService } from '../services/reservation-service.ts';
import { INBOX } from './inbox.ts';

/** Reserves all lines of a placed order or none; StockReserved or StockReservationFailed follows through the outbox. */
export async function reserveStockWhenOrderPlaced(
  deps: { reservations: ReservationService; logger: Logger },
  event: EventEnvelope<'OrderPlaced', EventData<typeof OrderPlaced>>,
): Promise<void> {
  const { orderId, lines } = event.data;
  const outcome = await deps.reservations.reserve(
    { orderId, lines: lines.map((line) => ({ variantId: line.variantId, quantity: line.quantity })) },
    { consumer: INBOX.orders, event },
  );
  deps.logger.info({ orderId, eventId: event.eventId, outcome: outcome.kind }, 'order placed: stock reservation');
}
