import type { EventData, EventEnvelope, OrderConfirmed } from '@commerce/events';
import type { Logger } from '@commerce/service-kit';
import type { PaymentProcessor } from '../services/payment-processor.ts';
import type { PaymentStore } from '../store/payment-store.ts';
import { causeOf, type Trigger } from '../store/transaction.ts';
import { INBOX } from './inbox.ts';

/**
 * Captures the authorized amount of a confirmed order; PaymentCaptured follows. The request is
 * remembered first, so a confirmation arriving before the authorization is recorded (out of
 * order, or while it is in flight) is captured right after the authorization.
 */
export async function capturePaymentWhenOrderConfirmed(
  deps: { payments: PaymentStore; processor: PaymentProcessor; logger: Logger },
  event: EventEnvelope<'OrderConfirmed', EventData<typeof OrderConfirmed>>,
): Promise<void> {
  const { orderId } = event.data;
  const trigger: Trigger = { consumer: INBOX.orders, event };
  const requested = await deps.payments.requestCapture(orderId, trigger);
  const payment = await deps.processor.settle(orderId, causeOf(trigger), 'state' in requested ? requested.state : undefined);
  if (!payment) deps.logger.warn({ orderId, eventId: event.eventId }, 'order confirmed before its payment was requested; capture remembered');
  else deps.logger.info({ orderId, eventId: event.eventId, status: payment.status }, 'order confirmed');
}
