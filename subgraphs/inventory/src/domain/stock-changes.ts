import { LowStock, StockAdjusted, StockCommitted, StockReleased, StockReservationFailed, StockReserved, newEvent, type EventEnvelope } from '@commerce/events';
import type { AllocatedLine, Shortfall } from './allocation.ts';
import { applyReservationStep, movementBetween, type MovementKind, type NewMovement } from './movement.ts';
import { isDue, nextStatus, type ReservationAction, type ReservationStatus } from './reservation.ts';
import { availableOf, becameLow, type StockItem, type StockQuantities } from './stock.ts';

/** How events emitted by a change link back to what caused them (docs/events.md#envelope). */
export interface Cause {
  correlationId?: string;
  causationId?: string;
}

/** A stock item's quantities and threshold as a change leaves them. */
export type ItemUpdate = StockQuantities & { variantId: string; warehouseId: string; lowStockThreshold: number };

/**
 * What a stock write changes: the items' new quantities, the movements that log them and the
 * events that announce them. The store applies it in one round trip, in this order.
 */
export interface StockChange {
  updates: ItemUpdate[];
  movements: NewMovement[];
  events: EventEnvelope[];
}

export const itemKey = (item: { variantId: string; warehouseId: string }) => `${item.variantId}\u0000${item.warehouseId}`;

/** LowStock for a change that took an item to or below its threshold (keyed by variant). */
export function lowStockEvent(before: StockItem, after: ItemUpdate, cause: Cause): EventEnvelope | undefined {
  if (!becameLow(before, after)) return undefined;
  return newEvent(LowStock, {
    aggregateId: after.variantId,
    ...cause,
    data: { variantId: after.variantId, warehouseId: after.warehouseId, available: availableOf(after), threshold: after.lowStockThreshold },
  });
}

const present = (events: readonly (EventEnvelope | undefined)[]) => events.filter((event): event is EventEnvelope => event !== undefined);

/**
 * The hold of an order's allocated lines: each allocation's units reserved on its locked
 * item, with its movement, StockReserved and LowStock for items it takes to their threshold.
 */
export function holdStock(
  reservation: { id: string; orderId: string; expiresAt: Date },
  lines: readonly AllocatedLine[],
  items: ReadonlyMap<string, StockItem>,
  cause: Cause,
): StockChange {
  const updates: ItemUpdate[] = [];
  const movements: NewMovement[] = [];
  const lowStock: (EventEnvelope | undefined)[] = [];
  for (const line of lines) {
    for (const { warehouseId, quantity } of line.allocations) {
      const before = items.get(itemKey({ variantId: line.variantId, warehouseId }));
      if (!before) throw new Error(`allocated stock item ${line.variantId}/${warehouseId} was not locked`);
      const after = { ...before, ...applyReservationStep('RESERVATION', before, quantity) };
      updates.push(after);
      movements.push(movementBetween(before, before, after, { kind: 'RESERVATION', reason: 'ORDER_PLACED', orderId: reservation.orderId }));
      lowStock.push(lowStockEvent(before, after, cause));
    }
  }
  const reserved = newEvent(StockReserved, {
    aggregateId: reservation.orderId,
    ...cause,
    data: {
      orderId: reservation.orderId,
      reservationId: reservation.id,
      lines: lines.map((line) => ({ variantId: line.variantId, quantity: line.quantity, allocations: line.allocations })),
      expiresAt: reservation.expiresAt.toISOString(),
    },
  });
  return { updates, movements, events: present([reserved, ...lowStock]) };
}

/** StockReservationFailed for an order whose lines could not all be allocated. */
export function refuseReservation(
  orderId: string,
  refusal: { reason: 'OUT_OF_STOCK' | 'UNKNOWN_VARIANT'; shortfalls: Shortfall[] },
  cause: Cause,
): EventEnvelope {
  return newEvent(StockReservationFailed, { aggregateId: orderId, ...cause, data: { orderId, reason: refusal.reason, lines: refusal.shortfalls } });
}

const STEP = { release: 'RELEASE', expire: 'RELEASE', commit: 'COMMIT' } as const;

export interface LockedReservation {
  id: string;
  orderId: string;
  status: ReservationStatus;
  expiresAt: Date | null;
  correlationId: string | null;
}

/**
 * The status a held reservation moves to, or undefined when the action does not apply now:
 * only a held reservation moves, and an expiry only once the deadline has passed.
 */
export function settlementStatus(reservation: LockedReservation, action: ReservationAction, now: Date): ReservationStatus | undefined {
  if (action === 'expire' && !isDue(reservation, now)) return undefined;
  return nextStatus(reservation.status, action);
}

/**
 * A reservation's settlement: release and expiry give its reserved units back, commit takes
 * them off hand; StockReleased or StockCommitted announces it. Releasing and committing never
 * lower available stock, so they cannot cause LowStock.
 */
export function settleStock(
  reservation: LockedReservation,
  action: ReservationAction,
  lines: readonly { variantId: string; warehouseId: string; quantity: number }[],
  items: readonly StockItem[],
  details: { reason: string; cause: Cause },
): StockChange {
  const { orderId } = reservation;
  const quantities = new Map(lines.map((line) => [itemKey(line), line.quantity]));
  const kind = STEP[action];
  const updates: ItemUpdate[] = [];
  const movements: NewMovement[] = [];
  for (const before of items) {
    const after = { ...before, ...applyReservationStep(kind, before, quantities.get(itemKey(before)) ?? 0) };
    updates.push(after);
    movements.push(movementBetween(before, before, after, { kind, reason: details.reason, orderId }));
  }
  // An expiry has no triggering event; it still belongs to the order's saga.
  const cause = details.cause.correlationId || !reservation.correlationId ? details.cause : { correlationId: reservation.correlationId };
  const event =
    action === 'commit'
      ? newEvent(StockCommitted, { aggregateId: orderId, ...cause, data: { orderId, reservationId: reservation.id } })
      : newEvent(StockReleased, {
          aggregateId: orderId,
          ...cause,
          data: { orderId, reservationId: reservation.id, reason: action === 'expire' ? 'EXPIRED' : 'CANCELLED' },
        });
  return { updates, movements, events: [event] };
}

/** A new on-hand quantity of one item, with its movement, StockAdjusted and, if crossed, LowStock. */
export function recountStock(
  item: StockItem,
  quantities: StockQuantities,
  details: { kind: MovementKind; reason: string; cause: Cause; at: Date },
): StockChange & { after: ItemUpdate } {
  const after: ItemUpdate = { ...item, ...quantities };
  const adjusted = newEvent(StockAdjusted, {
    aggregateId: item.variantId,
    ...details.cause,
    data: {
      variantId: item.variantId,
      warehouseId: item.warehouseId,
      delta: after.onHand - item.onHand,
      onHand: after.onHand,
      reserved: after.reserved,
      reason: details.reason,
      adjustedAt: details.at.toISOString(),
    },
  });
  return {
    after,
    updates: [after],
    movements: [movementBetween(item, item, after, { kind: details.kind, reason: details.reason })],
    events: present([adjusted, lowStockEvent(item, after, details.cause)]),
  };
}

/**
 * A new low-stock threshold. No movement: quantities do not change. LowStock when the new
 * threshold makes the item low, as a sale crossing it would.
 */
export function rethreshold(item: StockItem, threshold: number, cause: Cause): StockChange & { after: ItemUpdate } {
  const after: ItemUpdate = { ...item, lowStockThreshold: threshold };
  return { after, updates: [after], movements: [], events: present([lowStockEvent(item, after, cause)]) };
}
