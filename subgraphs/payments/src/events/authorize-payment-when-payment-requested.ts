import type { EventData, EventEnvelope, PaymentRequested } from '@commerce/events';
import type { Logger } from '@commerce/service-kit';
import type { PaymentProcessor } from '../services/payment-processor.ts';
import type { PaymentStore } from '../store/payment-store.ts';
import { causeOf, type Trigger } from '../store/transaction.ts';
import { INBOX } from './inbox.ts';

/**
 * Authorizes the order total on the customer's payment method; PaymentAuthorized or
 * PaymentFailed follows through the outbox. An order payments already saw cancelled gets no
 * payment. Settles even when the inbox has the event: a redelivery after a crash or a
 * transient gateway error must finish the authorization whose intent was already recorded.
 */
export async function authorizePaymentWhenPaymentRequested(
  deps: { payments: PaymentStore; processor: PaymentProcessor; logger: Logger },
  event: EventEnvelope<'PaymentRequested', EventData<typeof PaymentRequested>>,
): Promise<void> {
  const { orderId, customerId, paymentMethodId, amount } = event.data;
  const trigger: Trigger = { consumer: INBOX.orders, event };
  const outcome = await deps.processor.request({ orderId, customerId, paymentMethodId, amount }, trigger);
  const payment = await deps.processor.settle(orderId, causeOf(trigger), 'state' in outcome ? outcome.state : undefined);
  deps.logger.info({ orderId, eventId: event.eventId, outcome: outcome.kind, status: payment?.status ?? null }, 'payment requested');
}
