import type { EventData, EventEnvelope, StockReserved } from '@commerce/events';
import { advanceOrder, type SagaDeps } from './advance-order.ts';

/** PENDING → AWAITING_PAYMENT, with PaymentRequested for the order total. */
export function requestPaymentWhenStockReserved(deps: SagaDeps, event: EventEnvelope<'StockReserved', EventData<typeof StockReserved>>) {
  return advanceOrder(deps, event.data.orderId, { kind: 'stock-reserved' }, event);
}
