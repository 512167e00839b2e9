import {
  LowStock,
  StockAdjusted,
  StockCommitted,
  StockLevelChanged,
  StockReleased,
  StockReservationFailed,
  StockReserved,
  newEvent,
  type EventEnvelope,
} from '@commerce/events';
import type { AllocatedLine, Shortfall } from './allocation.ts';
import { applyReservationStep, movementBetween, type MovementKind, type NewMovement } from './movement.ts';
import { isDue, nextStatus, type ReservationAction, type ReservationStatus } from './reservation.ts';
import { availableOf, becameLow, type StockItem, type StockQuantities } from './stock.ts';

/** How events emitted by a change link back to what caused them (docs/events.md#envelope). */
export interface Cause {
  correlationId?: string;
  causationId?: string;
}

/**
 * A stock item as a write finds it under its row lock: `version` counts the changes of its
 * quantities (StockLevelChanged carries it), and its warehouse may be out of fulfilment.
 */
export type LockedStock = StockItem & { version: number; warehouseActive: boolean };

/** A stock item's quantities, threshold and version as a change leaves them. */
export type ItemUpdate = StockQuantities & { variantId: string; warehouseId: string; lowStockThreshold: number; version: number; warehouseActive: boolean };

/** An item with new quantities: its next version, which StockLevelChanged announces. */
export function changedItem(before: ItemUpdate, quantities: StockQuantities): ItemUpdate {
  return { ...before, onHand: quantities.onHand, reserved: quantities.reserved, version: before.version + 1 };
}

/**
 * StockLevelChanged for a change of an item (keyed by variant): the item as the change leaves
 * it, with its new version, so consumers keep the newest level whatever order events arrive in.
 */
export function levelChangedEvent(after: ItemUpdate, details: { kind: MovementKind | 'WAREHOUSE'; orderId?: string | null }, cause: Cause): EventEnvelope {
  return newEvent(StockLevelChanged, {
    aggregateId: after.variantId,
    ...cause,
    data: {
      variantId: after.variantId,
      warehouseId: after.warehouseId,
      onHand: after.onHand,
      reserved: after.reserved,
      available: availableOf(after),
      warehouseActive: after.warehouseActive,
      version: after.version,
      kind: details.kind,
      orderId: details.orderId ?? null,
      changedAt: new Date().toISOString(),
    },
  });
}

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
 * item, with its movement, StockReserved, each item's StockLevelChanged and LowStock for items
 * it takes to their threshold.
 */
export function holdStock(
  reservation: { id: string; orderId: string; expiresAt: Date },
  lines: readonly AllocatedLine[],
  items: ReadonlyMap<string, LockedStock>,
  cause: Cause,
): StockChange {
  const updates: ItemUpdate[] = [];
  const movements: NewMovement[] = [];
  const itemEvents: (EventEnvelope | undefined)[] = [];
  for (const line of lines) {
    for (const { warehouseId, quantity } of line.allocations) {
      const before = items.get(itemKey({ variantId: line.variantId, warehouseId }));
      if (!before) throw new Error(`allocated stock item ${line.variantId}/${warehouseId} was not locked`);
      const after = changedItem(before, applyReservationStep('RESERVATION', before, quantity));
      updates.push(after);
      movements.push(movementBetween(before, before, after, { kind: 'RESERVATION', reason: 'ORDER_PLACED', orderId: reservation.orderId }));
      itemEvents.push(levelChangedEvent(after, { kind: 'RESERVATION', orderId: reservation.orderId }, cause), lowStockEvent(before, after, cause));
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
  return { updates, movements, events: present([reserved, ...itemEvents]) };
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
 * them off hand; StockReleased or StockCommitted announces it, and StockLevelChanged each item. Releasing and committing never
 * lower available stock, so they cannot cause LowStock.
 */
export function settleStock(
  reservation: LockedReservation,
  action: ReservationAction,
  lines: readonly { variantId: string; warehouseId: string; quantity: number }[],
  items: readonly LockedStock[],
  details: { reason: string; cause: Cause },
): StockChange {
  const { orderId } = reservation;
  const quantities = new Map(lines.map((line) => [itemKey(line), line.quantity]));
  const kind = STEP[action];
  // An expiry has no triggering event; it still belongs to the order's saga.
  const cause = details.cause.correlationId || !reservation.correlationId ? details.cause : { correlationId: reservation.correlationId };
  const updates: ItemUpdate[] = [];
  const movements: NewMovement[] = [];
  const levels: EventEnvelope[] = [];
  for (const before of items) {
    const after = changedItem(before, applyReservationStep(kind, before, quantities.get(itemKey(before)) ?? 0));
    updates.push(after);
    movements.push(movementBetween(before, before, after, { kind, reason: details.reason, orderId }));
    levels.push(levelChangedEvent(after, { kind, orderId }, cause));
  }
  const event =
    action === 'commit'
      ? newEvent(StockCommitted, { aggregateId: orderId, ...cause, data: { orderId, reservationId: reservation.id } })
      : newEvent(StockReleased, {
          aggregateId: orderId,
          ...cause,
          data: { orderId, reservationId: reservation.id, reason: action === 'expire' ? 'EXPIRED' : 'CANCELLED' },
        });
  return { updates, movements, events: [event, ...levels] };
}

/** A new on-hand quantity of one item, with its movement, StockAdjusted, StockLevelChanged and, if crossed, LowStock. */
export function recountStock(
  item: LockedStock,
  quantities: StockQuantities,
  details: { kind: MovementKind; reason: string; cause: Cause; at: Date },
): StockChange & { after: ItemUpdate } {
  const after = changedItem(item, quantities);
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
    events: present([adjusted, levelChangedEvent(after, { kind: details.kind }, details.cause), lowStockEvent(item, after, details.cause)]),
  };
}

/**
 * A new low-stock threshold. No movement: quantities do not change. LowStock when the new
 * threshold makes the item low, as a sale crossing it would.
 */
export function rethreshold(item: LockedStock, threshold: number, cause: Cause): StockChange & { after: ItemUpdate } {
  const after: ItemUpdate = { ...item, lowStockThreshold: threshold };
  return { after, updates: [after], movements: [], events: present([lowStockEvent(item, after, cause)]) };
}

/**
 * A warehouse taken out of fulfilment or back: the units of its items that are not reserved
 * stop or start being orderable, so each such item (locked, with its warehouse as it now is)
 * gets its next version and StockLevelChanged. No movement: quantities do not change.
 */
export function announceWarehouse(items: readonly LockedStock[], cause: Cause): StockChange {
  const updates = items.map((item) => changedItem(item, item));
  return { updates, movements: [], events: updates.map((after) => levelChangedEvent(after, { kind: 'WAREHOUSE' }, cause)) };
}
