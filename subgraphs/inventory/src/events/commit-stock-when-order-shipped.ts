import type { EventData, EventEnvelope, OrderShipped } from '@commerce/events';
import type { Logger } from '@commerce/service-kit';
import type { ReservationService } from '../services/reservation-service.ts';
import { INBOX } from './inbox.ts';

/** Takes a shipped order's reserved stock off hand; StockCommitted follows. */
export async function commitStockWhenOrderShipped(
  deps: { reservations: ReservationService; logger: Logger },
  event: EventEnvelope<'OrderShipped', EventData<typeof OrderShipped>>,
): Promise<void> {
  const { orderId } = event.data;
  const outcome = await deps.reservations.commit(orderId, { consumer: INBOX.orders, event });
  if (outcome.kind === 'unchanged' || outcome.kind === 'no-reservation') {
    // Shipping goods whose reservation was released means the warehouse count is now off.
    deps.logger.warn({ orderId, eventId: event.eventId, outcome }, 'order shipped without a held reservation; nothing committed');
    return;
  }
  deps.logger.info({ orderId, eventId: event.eventId, outcome: outcome.kind }, 'order shipped: stock commit');
}
