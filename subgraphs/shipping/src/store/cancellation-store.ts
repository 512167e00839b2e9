import type { DataSource } from 'typeorm';
import { inboxClaim, inboxClause, inboxHas } from '@commerce/outbox';
import { placeholders } from '@commerce/service-kit';
import { ALREADY_PROCESSED, isUniqueViolation, type AlreadyProcessed, type Trigger } from './transaction.ts';

/** An order's cancellation as shipping remembers it (a late ShipmentRequested then ships nothing). */
export interface Cancellation {
  orderId: string;
  customerId: string;
  reason: string;
  cancelledAt: Date;
}

/**
 * What shipping remembers of cancelled orders (order_refs), and the inbox rows of cancellations
 * whose outcome needs no other write. See shipment-store.ts for how the statements order
 * themselves against a concurrent shipment request.
 */
export function createCancellationStore(dataSource: DataSource) {
  return {
    /**
     * Remembers the cancellation of an order shipping does not know yet, with the inbox row, in
     * one statement: 'remembered'. 'known' when the order is known (or became known while the
     * statement ran): nothing was written, and the caller goes on with remember() and the
     * shipment. ALREADY_PROCESSED for an event the inbox has.
     */
    async rememberIfUnknown(cancel: Cancellation, trigger?: Trigger): Promise<'remembered' | 'known' | AlreadyProcessed> {
      const { values, $ } = placeholders();
      const order = $(cancel.orderId);
      const inbox = trigger ? { consumer: $(trigger.consumer), eventId: $(trigger.event.eventId) } : undefined;
      const claim = inbox ? inboxClause(inbox, { name: 'claim', from: 'known where not known' }).cte : 'claim as (select from known where not known)';
      // A committed inbox row is there for good, so one the snapshot has is enough to skip a redelivery.
      const applied = inbox ? inboxHas(inbox) : 'false';
      let answer: { known: boolean; claimed: boolean; applied: boolean } | undefined;
      try {
        [answer] = await dataSource.query<{ known: boolean; claimed: boolean; applied: boolean }[]>(
          `with known as (select exists (select from order_refs where order_id = ${order}) as known),
           ${claim},
           remembered as (
             insert into order_refs (order_id, customer_id, cancelled_at, cancel_reason)
             select ${order}, ${$(cancel.customerId)}, ${$(cancel.cancelledAt)}, ${$(cancel.reason)} from claim
           )
           select known, exists (select from claim) as claimed, ${applied} as applied from known`,
          values,
        );
      } catch (err) {
        // The order's row appeared after the snapshot (with a shipment, perhaps): nothing was written.
        if (!isUniqueViolation(err)) throw err;
      }
      if (answer?.applied) return ALREADY_PROCESSED;
      // Not known, the claim fails only for an event the inbox has (committed while the statement waited for it).
      if (answer && !answer.known) return answer.claimed ? 'remembered' : ALREADY_PROCESSED;
      return 'known';
    },

    /**
     * Remembers an order's cancellation on its row (the first one stays), committed at once: a
     * shipment request that locks the row afterwards ships nothing, and one that held it before
     * has committed its shipment, which a later statement reads.
     */
    async remember(cancel: Cancellation): Promise<void> {
      await dataSource.query(
        `insert into order_refs (order_id, customer_id, cancelled_at, cancel_reason) values ($1, $2, $3, $4)
         on conflict (order_id) do update
            set cancelled_at = coalesce(order_refs.cancelled_at, excluded.cancelled_at),
                cancel_reason = coalesce(order_refs.cancel_reason, excluded.cancel_reason)`,
        [cancel.orderId, cancel.customerId, cancel.cancelledAt, cancel.reason],
      );
    },

    /** Records in the inbox that the trigger's event is applied; false when it was already. Without a trigger, true. */
    async claim(trigger: Trigger | undefined): Promise<boolean> {
      if (!trigger) return true;
      const claimed = await dataSource.query<unknown[]>(inboxClaim('$1', '$2'), [trigger.consumer, trigger.event.eventId]);
      return claimed.length > 0;
    },
  };
}
export type CancellationStore = ReturnType<typeof createCancellationStore>;
