import type { EventData, EventEnvelope, OrderCancelled } from '@commerce/events';
import type { Logger } from '@commerce/service-kit';
import type { ReservationService } from '../services/reservation-service.ts';
import { INBOX } from './inbox.ts';

/** Gives a cancelled order's reserved stock back; StockReleased follows. A reservation no longer held is left alone. */
export async function releaseStockWhenOrderCancelled(
  deps: { reservations: ReservationService; logger: Logger },
  event: EventEnvelope<'OrderCancelled', EventData<typeof OrderCancelled>>,
): Promise<void> {
  const { orderId, reason } = event.data;
  const outcome = await deps.reservations.release(orderId, reason, { consumer: INBOX.orders, event });
  deps.logger.info({ orderId, eventId: event.eventId, outcome: outcome.kind }, 'order cancelled: stock release');
}
