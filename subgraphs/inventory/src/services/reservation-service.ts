import { newId } from '@commerce/service-kit';
import { allocate, mergeLines, type AllocatedLine, type RequestedLine, type Shortfall, type WarehouseStock } from '../domain/allocation.ts';
import type { ReservationAction, ReservationStatus } from '../domain/reservation.ts';
import { holdStock, itemKey, refuseReservation, settleStock, settlementStatus, type Cause } from '../domain/stock-changes.ts';
import type { ReservationStore, ReservationWrites } from '../store/reservation-store.ts';
import { ALREADY_PROCESSED, causeOf, type AlreadyProcessed, type Trigger } from '../store/transaction.ts';

export type ReserveOutcome =
  | { kind: 'reserved'; reservationId: string; lines: AllocatedLine[]; expiresAt: Date }
  | { kind: 'failed'; reason: 'OUT_OF_STOCK' | 'UNKNOWN_VARIANT'; shortfalls: Shortfall[] }
  /** The order already has a reservation (or a refusal): nothing changed. */
  | { kind: 'duplicate'; status: ReservationStatus };

export type SettleOutcome =
  | { kind: 'settled'; reservationId: string; status: ReservationStatus }
  /** Late or duplicate: the reservation is no longer held (or, for expiry, not due). */
  | { kind: 'unchanged'; reservationId: string; status: ReservationStatus }
  | { kind: 'no-reservation' };

export interface ReservationServiceOptions {
  /** How long a reservation holds stock before the sweeper releases it. */
  ttlSeconds: number;
}

/**
 * Moves a held reservation to its next status and its stock with it (settleStock): release
 * and expiry give reserved units back, commit takes them off hand. Anything else is a no-op.
 */
async function settle(
  writes: ReservationWrites,
  orderId: string,
  action: ReservationAction,
  details: { reason: string; cause: Cause; skipLocked?: boolean },
): Promise<SettleOutcome> {
  const locked = await writes.lock(orderId, details.skipLocked);
  if (!locked) return { kind: 'no-reservation' };
  const { reservation, now } = locked;
  const next = settlementStatus(reservation, action, now);
  if (!next) return { kind: 'unchanged', reservationId: reservation.id, status: reservation.status };
  const { lines, items } = await writes.lockLines(reservation.id);
  await writes.settle(reservation.id, next, settleStock(reservation, action, lines, items, details));
  return { kind: 'settled', reservationId: reservation.id, status: next };
}

/** The reservation use cases (claim and lock, decide in domain/, apply) over the reservation store. */
export function createReservationService(store: ReservationStore, options: ReservationServiceOptions) {
  return {
    /**
     * Reserves every line of an order or none, in one transaction. The order's reservation
     * row is claimed first (a second claim for the same order waits, then finds it taken);
     * then the stock rows of all its variants are locked in a fixed order, so concurrent
     * orders for the last units queue and none can oversell.
     */
    reserve(request: { orderId: string; lines: RequestedLine[] }, trigger?: Trigger): Promise<ReserveOutcome | AlreadyProcessed> {
      return store.transaction(async (writes): Promise<ReserveOutcome | AlreadyProcessed> => {
        const { orderId } = request;
        const reservationId = newId('rsv');
        const cause = causeOf(trigger);
        const lines = mergeLines(request.lines);
        const start = await writes.start(
          { id: reservationId, orderId, ttlSeconds: options.ttlSeconds, correlationId: cause.correlationId ?? null, variantIds: lines.map((line) => line.variantId) },
          trigger && { consumer: trigger.consumer, eventId: trigger.event.eventId },
        );
        if (!start.inboxed) return ALREADY_PROCESSED;
        if (!start.expiresAt) return { kind: 'duplicate', status: await writes.statusOf(orderId) };
        const stock = new Map<string, WarehouseStock[]>();
        for (const item of start.items) {
          const levels = stock.get(item.variantId) ?? [];
          levels.push({ warehouseId: item.warehouseId, onHand: item.onHand, reserved: item.reserved, active: item.warehouseActive });
          stock.set(item.variantId, levels);
        }
        const result = allocate(lines, stock, (variantId) => start.known.has(variantId));
        if (!result.ok) {
          await writes.fail(reservationId, refuseReservation(orderId, result, cause));
          return { kind: 'failed', reason: result.reason, shortfalls: result.shortfalls };
        }
        const expiresAt = start.expiresAt;
        const items = new Map(start.items.map((item) => [itemKey(item), item]));
        await writes.hold(reservationId, result.lines, holdStock({ id: reservationId, orderId, expiresAt }, result.lines, items, cause));
        return { kind: 'reserved', reservationId, lines: result.lines, expiresAt };
      });
    },

    /**
     * Gives an order's reserved stock back (cancellation). An order cancelled before its
     * reservation was ever made gets a released tombstone, so an OrderPlaced arriving late
     * (a replay) does not reserve stock for a cancelled order.
     */
    release(orderId: string, detail: string, trigger?: Trigger): Promise<SettleOutcome | AlreadyProcessed> {
      return store.transactOnce(trigger, async (writes) => {
        const outcome = await settle(writes, orderId, 'release', { reason: `CANCELLED: ${detail}`.slice(0, 500), cause: causeOf(trigger) });
        if (outcome.kind === 'no-reservation') await writes.tombstone(orderId);
        return outcome;
      });
    },

    /** Takes an order's reserved stock off hand (shipment). */
    commit(orderId: string, trigger?: Trigger): Promise<SettleOutcome | AlreadyProcessed> {
      return store.transactOnce(trigger, (writes) => settle(writes, orderId, 'commit', { reason: 'ORDER_SHIPPED', cause: causeOf(trigger) }));
    },

    /**
     * Keeps a held reservation until shipment: once the order is paid, the deadline that
     * protects stock from abandoned checkouts must no longer release it. Resolves to
     * whether a held reservation was found.
     */
    async keep(orderId: string, trigger?: Trigger): Promise<boolean | AlreadyProcessed> {
      const { inboxed, kept } = await store.keep(orderId, trigger && { consumer: trigger.consumer, eventId: trigger.event.eventId });
      return inboxed ? kept : ALREADY_PROCESSED;
    },

    /**
     * Expires up to `limit` held reservations past their deadline, each in its own
     * transaction; reservations another transaction holds are skipped until the next pass.
     * Resolves to the orders whose stock was released.
     */
    async expireDue(limit: number): Promise<string[]> {
      const expired: string[] = [];
      for (const orderId of await store.due(limit)) {
        const outcome = await store.transaction((writes) => settle(writes, orderId, 'expire', { reason: 'EXPIRED', cause: {}, skipLocked: true }));
        if (outcome.kind === 'settled') expired.push(orderId);
      }
      return expired;
    },

    /** The status of an order's reservation, if it has one. */
    statusOf: store.statusOf,
  };
}
export type ReservationService = ReturnType<typeof createReservationService>;
