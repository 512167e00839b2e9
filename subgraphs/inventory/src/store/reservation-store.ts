import type { DataSource, EntityManager } from 'typeorm';
import type { EventEnvelope } from '@commerce/events';
import { inboxClause } from '@commerce/outbox';
import { newId, runWrites, type SqlStatement } from '@commerce/service-kit';
import type { AllocatedLine } from '../domain/allocation.ts';
import type { ReservationStatus } from '../domain/reservation.ts';
import type { LockedReservation, StockChange } from '../domain/stock-changes.ts';
import { ReservationEntity } from './entities.ts';
import { inventoryEvents, itemsUpdate, lockItems, movementsInsert, startReservation } from './stock-sql.ts';
import { transact, type AlreadyProcessed, type Trigger } from './transaction.ts';

// keep() in one statement (atomic without a transaction): the event's inbox row, when there is
// an event, and the held reservation's deadline lifted only if the inbox did not have it.
const keepStatement = (inbox: ReturnType<typeof inboxClause>) => `
  with ${inbox.with}
  kept as (
    update reservations set expires_at = null, updated_at = now()
     where order_id = $1 and status = 'RESERVED' and ${inbox.claimed}
    returning 1
  )
  select ${inbox.claimed} as inboxed, exists (select from kept) as kept`;
const KEEP = keepStatement(inboxClause(undefined));
const KEEP_INBOXED = keepStatement(inboxClause({ consumer: '$2', eventId: '$3' }));

interface ReservationRow {
  id: string;
  order_id: string;
  status: ReservationStatus;
  expires_at: Date | null;
  correlation_id: string | null;
  now: Date;
}

/** The reads and writes of reservations inside one transaction. */
function reservationWrites(manager: EntityManager) {
  return {
    /** Claims the order's reservation row and locks the stock that can fulfil it (see startReservation). */
    start: (reservation: Parameters<typeof startReservation>[1], inbox?: Parameters<typeof startReservation>[2]) =>
      startReservation(manager, reservation, inbox),

    /** The status of the order's reservation, which must exist. */
    async statusOf(orderId: string): Promise<ReservationStatus> {
      return (await manager.getRepository(ReservationEntity).findOneByOrFail({ orderId })).status;
    },

    /**
     * Locks the order's reservation row (before any stock row, in every path, so settling and
     * reserving never wait on each other in opposite orders), with the database's clock.
     */
    async lock(orderId: string, skipLocked = false): Promise<{ reservation: LockedReservation; now: Date } | undefined> {
      const [row] = await manager.query<ReservationRow[]>(
        `select id, order_id, status, expires_at, correlation_id, now() as now from reservations where order_id = $1
           for update${skipLocked ? ' skip locked' : ''}`,
        [orderId],
      );
      if (!row) return undefined;
      return {
        reservation: { id: row.id, orderId: row.order_id, status: row.status, expiresAt: row.expires_at, correlationId: row.correlation_id },
        now: row.now,
      };
    },

    /** A reservation's lines with their stock items, locked in lock order. */
    async lockLines(reservationId: string) {
      const rows = await manager.query<{ variant_id: string; warehouse_id: string; quantity: number }[]>(
        'select variant_id, warehouse_id, quantity from reservation_lines where reservation_id = $1',
        [reservationId],
      );
      const lines = rows.map((row) => ({ variantId: row.variant_id, warehouseId: row.warehouse_id, quantity: row.quantity }));
      return { lines, items: await lockItems(manager, lines) };
    },

    /**
     * Writes a hold in one round trip (the stock rows stay locked only until the commit, and
     * every order for a popular item queues on them): quantities, movements, lines, events.
     */
    hold(reservationId: string, lines: readonly AllocatedLine[], change: StockChange): Promise<void> {
      const allocations = lines.flatMap((line) => line.allocations.map((allocation) => ({ ...allocation, variantId: line.variantId })));
      const reservationLines: SqlStatement = {
        text: `insert into reservation_lines (reservation_id, variant_id, warehouse_id, quantity)
         select $1, * from unnest($2::text[], $3::text[], $4::int[])`,
        values: [reservationId, allocations.map((a) => a.variantId), allocations.map((a) => a.warehouseId), allocations.map((a) => a.quantity)],
      };
      return runWrites(manager, [itemsUpdate(change.updates), movementsInsert(change.movements), reservationLines, inventoryEvents(change.events)]);
    },

    /** Records a refused reservation (FAILED, no deadline) with its event. */
    fail(reservationId: string, event: EventEnvelope): Promise<void> {
      return runWrites(manager, [
        { text: `update reservations set status = 'FAILED', expires_at = null, updated_at = now() where id = $1`, values: [reservationId] },
        inventoryEvents([event]),
      ]);
    },

    /** Writes a settlement in one round trip: quantities, movements, the reservation's status, events. */
    settle(reservationId: string, status: ReservationStatus, change: StockChange): Promise<void> {
      return runWrites(manager, [
        itemsUpdate(change.updates),
        movementsInsert(change.movements),
        { text: 'update reservations set status = $2, updated_at = now() where id = $1', values: [reservationId, status] },
        inventoryEvents(change.events),
      ]);
    },

    /** A released reservation without stock, unless the order has one already. */
    async tombstone(orderId: string): Promise<void> {
      await manager.query(
        `insert into reservations (id, order_id, status, expires_at) values ($1, $2, 'RELEASED', null)
         on conflict (order_id) do nothing`,
        [newId('rsv'), orderId],
      );
    },
  };
}
export type ReservationWrites = ReturnType<typeof reservationWrites>;

export function createReservationStore(dataSource: DataSource) {
  return {
    /** One transaction (a reservation's own claim handles its event's inbox row). */
    transaction: <T>(work: (writes: ReservationWrites) => Promise<T>): Promise<T> =>
      dataSource.transaction((manager) => work(reservationWrites(manager))),

    /** One transaction that, with a trigger, also records the event in the inbox (ALREADY_PROCESSED when it was there). */
    transactOnce: <T>(trigger: Trigger | undefined, work: (writes: ReservationWrites) => Promise<T>): Promise<T | AlreadyProcessed> =>
      transact(dataSource, trigger, (manager) => work(reservationWrites(manager))),

    /**
     * Lifts a held reservation's deadline, with the trigger's inbox row, in one statement.
     * `inboxed` is false when the inbox already had the event; `kept` whether a held reservation was found.
     */
    async keep(orderId: string, inbox?: { consumer: string; eventId: string }): Promise<{ inboxed: boolean; kept: boolean }> {
      const [row] = await dataSource.query<{ inboxed: boolean; kept: boolean }[]>(
        inbox ? KEEP_INBOXED : KEEP,
        inbox ? [orderId, inbox.consumer, inbox.eventId] : [orderId],
      );
      return { inboxed: row?.inboxed ?? false, kept: row?.kept ?? false };
    },

    /** Up to `limit` orders whose held reservation is past its deadline, the longest overdue first. */
    async due(limit: number): Promise<string[]> {
      const rows = await dataSource.query<{ order_id: string }[]>(
        `select order_id from reservations where status = 'RESERVED' and expires_at <= now() order by expires_at limit $1`,
        [limit],
      );
      return rows.map((row) => row.order_id);
    },

    /** The status of an order's reservation, if it has one. */
    async statusOf(orderId: string): Promise<ReservationStatus | undefined> {
      return (await dataSource.getRepository(ReservationEntity).findOneBy({ orderId }))?.status;
    },
  };
}
export type ReservationStore = ReturnType<typeof createReservationStore>;
