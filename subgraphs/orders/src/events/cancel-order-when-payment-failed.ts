import type { EventData, EventEnvelope, PaymentFailed } from '@commerce/events';
import { advanceOrder, type SagaDeps } from './advance-order.ts';

/** AWAITING_PAYMENT → CANCELLED ("PAYMENT_DECLINED: <code>"), with OrderCancelled (inventory releases the stock). */
export function cancelOrderWhenPaymentFailed(deps: SagaDeps, event: EventEnvelope<'PaymentFailed', EventData<typeof PaymentFailed>>) {
  return advanceOrder(deps, event.data.orderId, { kind: 'payment-failed', code: event.data.code }, event);
}
