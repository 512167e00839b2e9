import type { EventData, EventEnvelope, PaymentAuthorized } from '@commerce/events';
import { advanceOrder, type SagaDeps } from './advance-order.ts';

/**
 * AWAITING_PAYMENT → CONFIRMED, with OrderConfirmed (payments captures) and ShipmentRequested
 * (shipping ships). Arriving before StockReserved it is remembered, not acted on; arriving
 * after a cancellation it changes nothing (payments voids the authorization on OrderCancelled).
 */
export function confirmOrderWhenPaymentAuthorized(
  deps: SagaDeps,
  event: EventEnvelope<'PaymentAuthorized', EventData<typeof PaymentAuthorized>>,
) {
  return advanceOrder(deps, event.data.orderId, { kind: 'payment-authorized', paymentId: event.data.paymentId }, event);
}
