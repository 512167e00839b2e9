import type { EntityManager } from 'typeorm';
import { TOPICS, type EventEnvelope } from '@commerce/events';
import { inboxClause, outboxInsert } from '@commerce/outbox';
import { newId, type SqlStatement } from '@commerce/service-kit';
import type { NewMovement } from '../domain/movement.ts';
import type { ItemUpdate, LockedStock } from '../domain/stock-changes.ts';
import type { StockLevel } from '../domain/stock.ts';

// Shared statements of every stock write. Each runs inside the caller's transaction.

export type LockedItem = LockedStock;

interface ItemRow {
  variant_id: string;
  warehouse_id: string;
  on_hand: number;
  reserved: number;
  low_stock_threshold: number;
  warehouse_active: boolean;
  /** bigint: a string from a plain select, a number from json_agg. */
  version: string | number;
}

const toLockedItem = (row: ItemRow): LockedItem => ({
  variantId: row.variant_id,
  warehouseId: row.warehouse_id,
  onHand: row.on_hand,
  reserved: row.reserved,
  lowStockThreshold: row.low_stock_threshold,
  warehouseActive: row.warehouse_active,
  version: Number(row.version),
});

// Every writer locks stock rows in (variant_id, warehouse_id) order, so two transactions
// that need overlapping rows queue behind each other instead of deadlocking.
const LOCK_ORDER = 'order by s.variant_id, s.warehouse_id for update of s';
const ITEM_COLUMNS = `s.variant_id, s.warehouse_id, s.on_hand, s.reserved, s.low_stock_threshold, s.version, w.active as warehouse_active`;

export interface ReservationStart {
  /** False when the inbox already had the event: nothing was claimed or locked. */
  inboxed: boolean;
  /** The claimed reservation's deadline; null when the order already had a reservation. */
  expiresAt: Date | null;
  /** The variants that are known: announced by the catalog and not removed, or not announced yet but stocked by an admin. */
  known: Set<string>;
  /** The stock items that can fulfil the order (lockAvailableItems), locked only when the claim succeeded. */
  items: LockedItem[];
}

/**
 * A reservation's reads and claims in one statement: the event's inbox row (when there is
 * an event), the order's reservation row, which variants are known and, only once both
 * claims succeeded, the stock items that can fulfil the order now (active warehouse, some
 * unit available), locked in lock order. A second delivery of the event, or a second
 * reservation of the order, waits at its claim holding no stock lock. Rows another
 * transaction changes while this one waits are checked again once it commits, so an item
 * whose last unit was just taken is left out. Rows that cannot fulfil stay unlocked: a
 * popular variant stocked in a few of many warehouses costs a few row locks, not one per
 * warehouse.
 */
const reservationStart = (inbox: boolean) => {
  const $ = (n: number) => `$${inbox ? n + 2 : n}`;
  const claim = inboxClause(inbox ? { consumer: '$1', eventId: '$2' } : undefined);
  const inboxed = claim.claimed;
  return `
  with ${claim.with}
  claim as (
    insert into reservations (id, order_id, status, expires_at, correlation_id)
    select ${$(1)}, ${$(2)}, 'RESERVED', now() + make_interval(secs => ${$(3)}), ${$(4)} where ${inboxed}
    on conflict (order_id) do nothing
    returning expires_at
  ),
  locked as (
    select ${ITEM_COLUMNS}
      from stock_items s join warehouses w on w.id = s.warehouse_id
     where s.variant_id = any(${$(5)}::text[]) and s.on_hand > s.reserved and w.active and exists (select from claim)
     ${LOCK_ORDER}
  )
  select ${inboxed} as inboxed,
         (select expires_at from claim) as expires_at,
         array(select k.variant_id
                 from unnest(${$(5)}::text[]) as k (variant_id) left join variants v on v.variant_id = k.variant_id
                where coalesce(v.active, exists (select from stock_items s where s.variant_id = k.variant_id))) as known,
         coalesce((select json_agg(locked) from locked), '[]') as items`;
};
const RESERVATION_START = reservationStart(false);
const RESERVATION_START_INBOXED = reservationStart(true);

/** Starts a reservation (reservationStart), in the caller's transaction. */
export async function startReservation(
  manager: EntityManager,
  reservation: { id: string; orderId: string; ttlSeconds: number; correlationId: string | null; variantIds: readonly string[] },
  inbox?: { consumer: string; eventId: string },
): Promise<ReservationStart> {
  const values = [reservation.id, reservation.orderId, reservation.ttlSeconds, reservation.correlationId, reservation.variantIds];
  const [row] = await manager.query<{ inboxed: boolean; expires_at: Date | null; known: string[]; items: ItemRow[] }[]>(
    inbox ? RESERVATION_START_INBOXED : RESERVATION_START,
    inbox ? [inbox.consumer, inbox.eventId, ...values] : values,
  );
  if (!row) throw new Error(`the reservation of order ${reservation.orderId} answered nothing`);
  return { inboxed: row.inboxed, expiresAt: row.expires_at, known: new Set(row.known), items: row.items.map(toLockedItem) };
}

/** Locks the given stock items, in lock order. */
export async function lockItems(
  manager: EntityManager,
  keys: readonly { variantId: string; warehouseId: string }[],
): Promise<LockedItem[]> {
  const rows = await manager.query<ItemRow[]>(
    `select ${ITEM_COLUMNS}
       from stock_items s
       join warehouses w on w.id = s.warehouse_id
       join unnest($1::text[], $2::text[]) as k (variant_id, warehouse_id)
         on k.variant_id = s.variant_id and k.warehouse_id = s.warehouse_id
      ${LOCK_ORDER}`,
    [keys.map((key) => key.variantId), keys.map((key) => key.warehouseId)],
  );
  return rows.map(toLockedItem);
}

/** Locks the items of a warehouse that hold units not reserved (the ones that can be sold there), in lock order. */
export async function lockSellableItems(manager: EntityManager, warehouseId: string): Promise<LockedItem[]> {
  const rows = await manager.query<ItemRow[]>(
    `select ${ITEM_COLUMNS}
       from stock_items s join warehouses w on w.id = s.warehouse_id
      where s.warehouse_id = $1 and s.on_hand > s.reserved
      ${LOCK_ORDER}`,
    [warehouseId],
  );
  return rows.map(toLockedItem);
}

/** Creates missing stock items with zero quantities (existing ones are left alone). */
export async function ensureItems(
  manager: EntityManager,
  keys: readonly { variantId: string; warehouseId: string }[],
): Promise<void> {
  if (keys.length === 0) return;
  await manager.query(
    `insert into stock_items (variant_id, warehouse_id)
     select variant_id, warehouse_id from unnest($1::text[], $2::text[]) as k (variant_id, warehouse_id)
      order by variant_id, warehouse_id
     on conflict do nothing`,
    [keys.map((key) => key.variantId), keys.map((key) => key.warehouseId)],
  );
}

/** The statement writing new quantities and thresholds of locked items (undefined for none). */
export function itemsUpdate(updates: readonly ItemUpdate[]): SqlStatement | undefined {
  if (updates.length === 0) return undefined;
  return {
    text: `update stock_items s
        set on_hand = u.on_hand, reserved = u.reserved, low_stock_threshold = u.threshold, version = u.version, updated_at = now(),
            stocked = s.stocked or u.on_hand > 0 or u.reserved > 0
       from unnest($1::text[], $2::text[], $3::int[], $4::int[], $5::int[], $6::bigint[])
         as u (variant_id, warehouse_id, on_hand, reserved, threshold, version)
      where s.variant_id = u.variant_id and s.warehouse_id = u.warehouse_id`,
    values: [
      updates.map((u) => u.variantId),
      updates.map((u) => u.warehouseId),
      updates.map((u) => u.onHand),
      updates.map((u) => u.reserved),
      updates.map((u) => u.lowStockThreshold),
      updates.map((u) => u.version),
    ],
  };
}

/** The statement appending movements to the log (undefined for none); ids are minted here, in the given order. */
export function movementsInsert(movements: readonly NewMovement[]): SqlStatement | undefined {
  if (movements.length === 0) return undefined;
  const column = <K extends keyof NewMovement>(key: K) => movements.map((movement) => movement[key]);
  return {
    text: `insert into stock_movements
       (id, kind, variant_id, warehouse_id, on_hand_delta, reserved_delta, on_hand_after, reserved_after, reason, order_id)
     select * from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::int[], $6::int[], $7::int[], $8::int[], $9::text[], $10::text[])`,
    values: [
      movements.map(() => newId('mov')),
      column('kind'),
      column('variantId'),
      column('warehouseId'),
      column('onHandDelta'),
      column('reservedDelta'),
      column('onHandAfter'),
      column('reservedAfter'),
      column('reason'),
      column('orderId'),
    ],
  };
}

/** The statement storing inventory events in the outbox, to run after the state change they describe. */
export function inventoryEvents(events: readonly EventEnvelope[]): SqlStatement | undefined {
  return outboxInsert(TOPICS.inventory, events);
}

interface LevelRow {
  variant_id: string;
  warehouse_id: string;
  on_hand: number;
  reserved: number;
  low_stock_threshold: number;
  /** bigint, as a string. */
  version: string;
  code: string;
  name: string;
  active: boolean;
  created_at: Date;
}

export const LEVEL_SELECT = `
  select s.variant_id, s.warehouse_id, s.on_hand, s.reserved, s.low_stock_threshold, s.version,
         w.code, w.name, w.active, w.created_at
    from stock_items s join warehouses w on w.id = s.warehouse_id`;

export const toLevel = (row: LevelRow): StockLevel => ({
  variantId: row.variant_id,
  warehouseId: row.warehouse_id,
  onHand: row.on_hand,
  reserved: row.reserved,
  lowStockThreshold: row.low_stock_threshold,
  version: Number(row.version),
  warehouse: { id: row.warehouse_id, code: row.code, name: row.name, active: row.active, createdAt: row.created_at },
});

export type { LevelRow };
