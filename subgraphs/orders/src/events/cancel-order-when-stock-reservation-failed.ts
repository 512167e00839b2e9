import type { EventData, EventEnvelope, StockReservationFailed } from '@commerce/events';
import { advanceOrder, type SagaDeps } from './advance-order.ts';

/** PENDING → CANCELLED with the inventory's reason (OUT_OF_STOCK, UNKNOWN_VARIANT), with OrderCancelled. */
export function cancelOrderWhenStockReservationFailed(
  deps: SagaDeps,
  event: EventEnvelope<'StockReservationFailed', EventData<typeof StockReservationFailed>>,
) {
  return advanceOrder(deps, event.data.orderId, { kind: 'stock-reservation-failed', reason: event.data.reason }, event);
}
