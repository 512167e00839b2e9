import type { EventEnvelope } from '@commerce/events';
import type { Logger } from '@commerce/service-kit';
import type { SagaSignal } from '../domain/saga.ts';
import type { OrderService } from '../services/order-service.ts';
import { INBOX } from './inbox.ts';

export interface SagaDeps {
  orders: OrderService;
  logger: Logger;
}

/**
 * Applies a saga event to its order once (the inbox) and logs what it did. Duplicates, late
 * events and events about orders this database does not hold are no-ops, never errors: the
 * topics are shared, and at-least-once delivery makes all three normal.
 */
export async function advanceOrder(deps: SagaDeps, orderId: string, signal: SagaSignal, event: EventEnvelope): Promise<void> {
  const outcome = await deps.orders.react(orderId, signal, { consumer: INBOX.saga, event });
  const log = { orderId, eventId: event.eventId, eventType: event.eventType, outcome: outcome.kind };
  if (outcome.kind === 'advanced') {
    deps.logger.info({ ...log, transitions: outcome.transitions.map((step) => `${step.from}→${step.to}`) }, 'order advanced');
  } else if (outcome.kind === 'unchanged' && outcome.status !== 'CANCELLED' && outcome.status !== 'DELIVERED') {
    deps.logger.info({ ...log, status: outcome.status }, 'saga event changed nothing (duplicate or contradicting an earlier outcome)');
  } else {
    deps.logger.debug(log, 'saga event applied');
  }
}
