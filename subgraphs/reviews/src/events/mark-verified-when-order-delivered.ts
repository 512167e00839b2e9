import { OrderDelivered, matchEvent, type EventEnvelope } from '@commerce/events';
import type { Stores } from '../deps.ts';
import { processOnce, type HandleOutcome } from './process-once.ts';

export const MARK_VERIFIED = 'reviews.mark-verified';

/**
 * Records what a customer received and marks their existing reviews of those products as
 * verified purchases; reviews written later read the recorded purchase.
 */
export function createMarkVerifiedWhenOrderDelivered(stores: Pick<Stores, 'purchases' | 'reviews' | 'inbox'>) {
  return async (event: EventEnvelope): Promise<HandleOutcome> => {
    const delivered = matchEvent(OrderDelivered, event);
    if (!delivered) return 'ignored';
    const { customerId, orderId, lines, deliveredAt } = delivered.data;
    const productIds = [...new Set(lines.map((line) => line.productId))];
    return processOnce(stores.inbox, MARK_VERIFIED, event, async () => {
      // Purchase first, reviews second: submitReview inserts first and checks purchases
      // second, so a review written concurrently is caught by one side or the other.
      await stores.purchases.record({ customerId, productIds, orderId, deliveredAt: new Date(deliveredAt) });
      await stores.reviews.markVerified(customerId, productIds);
    });
  };
}
