import type { EventData, EventEnvelope, OrderConfirmed } from '@commerce/events';
import type { Logger } from '@commerce/service-kit';
import type { ReservationService } from '../services/reservation-service.ts';
import { INBOX } from './inbox.ts';

/**
 * A paid order keeps its stock until it ships: the reservation deadline exists for unpaid
 * orders only, and expiring a paid one would let its units be sold twice.
 */
export async function keepReservationWhenOrderConfirmed(
  deps: { reservations: ReservationService; logger: Logger },
  event: EventEnvelope<'OrderConfirmed', EventData<typeof OrderConfirmed>>,
): Promise<void> {
  const { orderId } = event.data;
  const kept = await deps.reservations.keep(orderId, { consumer: INBOX.orders, event });
  if (kept === false) {
    deps.logger.warn({ orderId, eventId: event.eventId }, 'order confirmed without a held reservation');
  }
}
