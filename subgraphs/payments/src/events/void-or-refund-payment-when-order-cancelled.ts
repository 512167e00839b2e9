import type { EventData, EventEnvelope, OrderCancelled } from '@commerce/events';
import type { Logger } from '@commerce/service-kit';
import type { PaymentProcessor } from '../services/payment-processor.ts';
import type { PaymentStore } from '../store/payment-store.ts';
import { causeOf, type Trigger } from '../store/transaction.ts';
import { INBOX } from './inbox.ts';

/**
 * Compensates a cancelled order: an authorized payment is voided (PaymentVoided), a captured
 * one refunded in full (PaymentRefunded). The cancellation is remembered, so a PaymentRequested
 * arriving later authorizes nothing.
 */
export async function voidOrRefundPaymentWhenOrderCancelled(
  deps: { payments: PaymentStore; processor: PaymentProcessor; logger: Logger },
  event: EventEnvelope<'OrderCancelled', EventData<typeof OrderCancelled>>,
): Promise<void> {
  const { orderId, reason } = event.data;
  const trigger: Trigger = { consumer: INBOX.orders, event };
  const cancelled = await deps.payments.cancel(orderId, reason, trigger);
  const payment = await deps.processor.settle(orderId, causeOf(trigger), 'state' in cancelled ? cancelled.state : undefined);
  deps.logger.info({ orderId, eventId: event.eventId, status: payment?.status ?? null }, 'order cancelled: payment compensated');
}
