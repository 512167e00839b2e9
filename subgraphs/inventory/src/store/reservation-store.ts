import type { DataSource, EntityManager } from 'typeorm';
import { StockCommitted, StockReleased, StockReservationFailed, StockReserved, newEvent, type EventEnvelope } from '@commerce/events';
import { inboxClaim } from '@commerce/outbox';
import { newId, runWrites, type SqlStatement } from '@commerce/service-kit';
import { allocate, mergeLines, type AllocatedLine, type RequestedLine, type Shortfall, type WarehouseStock } from '../domain/allocation.ts';
import { applyReservationStep, movementBetween, type NewMovement } from '../domain/movement.ts';
import { isDue, nextStatus, type ReservationAction, type ReservationStatus } from '../domain/reservation.ts';
import { ReservationEntity } from './entities.ts';
import {
  inventoryEvents,
  itemKey,
  itemsUpdate,
  lockItems,
  lowStockEvent,
  movementsInsert,
  startReservation,
  type ItemUpdate,
} from './stock-sql.ts';
import { ALREADY_PROCESSED, causeOf, transact, type AlreadyProcessed, type Cause, type Trigger } from './transaction.ts';

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

interface LockedReservation {
  id: string;
  status: ReservationStatus;
  expires_at: Date | null;
  correlation_id: string | null;
  now: Date;
}

const STEP = { release: 'RELEASE', expire: 'RELEASE', commit: 'COMMIT' } as const;

export interface ReservationStoreOptions {
  /** How long a reservation holds stock before the sweeper releases it. */
  ttlSeconds: number;
}

// keep() in one statement (atomic without a transaction): the event's inbox row, when there is
// an event, and the held reservation's deadline lifted only if the inbox did not have it.
const keepStatement = (inbox: boolean) => `
  with ${inbox ? `inboxed as (${inboxClaim('$2', '$3')}),` : ''}
  kept as (
    update reservations set expires_at = null, updated_at = now()
     where order_id = $1 and status = 'RESERVED' ${inbox ? 'and exists (select from inboxed)' : ''}
    returning 1
  )
  select ${inbox ? 'exists (select from inboxed)' : 'true'} as inboxed, exists (select from kept) as kept`;
const KEEP = keepStatement(false);
const KEEP_INBOXED = keepStatement(true);

export function createReservationStore(dataSource: DataSource, options: ReservationStoreOptions) {
  /** Writes the allocation of a reservation: quantities, lines, movements and events. */
  async function hold(
    manager: EntityManager,
    reservation: { id: string; orderId: string; expiresAt: Date },
    lines: AllocatedLine[],
    items: Map<string, ItemUpdate>,
    cause: Cause,
  ): Promise<void> {
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
    const allocations = lines.flatMap((line) => line.allocations.map((allocation) => ({ ...allocation, variantId: line.variantId })));
    const reservationLines: SqlStatement = {
      text: `insert into reservation_lines (reservation_id, variant_id, warehouse_id, quantity)
       select $1, * from unnest($2::text[], $3::text[], $4::int[])`,
      values: [
        reservation.id,
        allocations.map((a) => a.variantId),
        allocations.map((a) => a.warehouseId),
        allocations.map((a) => a.quantity),
      ],
    };
    const events = inventoryEvents([
      newEvent(StockReserved, {
        aggregateId: reservation.orderId,
        ...cause,
        data: {
          orderId: reservation.orderId,
          reservationId: reservation.id,
          lines: lines.map((line) => ({ variantId: line.variantId, quantity: line.quantity, allocations: line.allocations })),
          expiresAt: reservation.expiresAt.toISOString(),
        },
      }),
      ...lowStock,
    ]);
    // One round trip from here to the commit: the stock rows stay locked only that long, and
    // every order for a popular item queues on them.
    await runWrites(manager, [itemsUpdate(updates), movementsInsert(movements), reservationLines, events]);
  }

  /**
   * Moves a held reservation to its next status and its stock with it: release and expiry
   * give reserved units back, commit takes them off hand. Anything else is a no-op.
   */
  async function settle(
    manager: EntityManager,
    orderId: string,
    action: ReservationAction,
    details: { reason: string; cause: Cause; skipLocked?: boolean },
  ): Promise<SettleOutcome> {
    // The reservation row is locked before any stock row, in every path, so settling and
    // reserving never wait on each other in opposite orders.
    const [reservation] = await manager.query<LockedReservation[]>(
      `select id, status, expires_at, correlation_id, now() as now from reservations where order_id = $1
         for update${details.skipLocked ? ' skip locked' : ''}`,
      [orderId],
    );
    if (!reservation) return { kind: 'no-reservation' };
    const held = { status: reservation.status, expiresAt: reservation.expires_at };
    const next = action === 'expire' && !isDue(held, reservation.now) ? undefined : nextStatus(reservation.status, action);
    if (!next) return { kind: 'unchanged', reservationId: reservation.id, status: reservation.status };

    const lines = await manager.query<{ variant_id: string; warehouse_id: string; quantity: number }[]>(
      'select variant_id, warehouse_id, quantity from reservation_lines where reservation_id = $1',
      [reservation.id],
    );
    const items = await lockItems(
      manager,
      lines.map((line) => ({ variantId: line.variant_id, warehouseId: line.warehouse_id })),
    );
    const quantities = new Map(lines.map((line) => [itemKey({ variantId: line.variant_id, warehouseId: line.warehouse_id }), line.quantity]));
    const kind = STEP[action];
    const updates: ItemUpdate[] = [];
    const movements: NewMovement[] = [];
    for (const before of items) {
      const after = { ...before, ...applyReservationStep(kind, before, quantities.get(itemKey(before)) ?? 0) };
      updates.push(after);
      movements.push(movementBetween(before, before, after, { kind, reason: details.reason, orderId }));
    }
    const reservationUpdate = { text: 'update reservations set status = $2, updated_at = now() where id = $1', values: [reservation.id, next] };
    // An expiry has no triggering event; it still belongs to the order's saga.
    const cause = details.cause.correlationId || !reservation.correlation_id ? details.cause : { correlationId: reservation.correlation_id };
    const event =
      action === 'commit'
        ? newEvent(StockCommitted, { aggregateId: orderId, ...cause, data: { orderId, reservationId: reservation.id } })
        : newEvent(StockReleased, {
            aggregateId: orderId,
            ...cause,
            data: { orderId, reservationId: reservation.id, reason: action === 'expire' ? 'EXPIRED' : 'CANCELLED' },
          });
    // Releasing and committing never lower available stock, so they cannot cause LowStock.
    await runWrites(manager, [itemsUpdate(updates), movementsInsert(movements), reservationUpdate, inventoryEvents([event])]);
    return { kind: 'settled', reservationId: reservation.id, status: next };
  }

  return {
    /**
     * Reserves every line of an order or none, in one transaction. The order's reservation
     * row is claimed first (a second claim for the same order waits, then finds it taken);
     * then the stock rows of all its variants are locked in a fixed order, so concurrent
     * orders for the last units queue and none can oversell.
     */
    reserve(request: { orderId: string; lines: RequestedLine[] }, trigger?: Trigger): Promise<ReserveOutcome | AlreadyProcessed> {
      return dataSource.transaction(async (manager): Promise<ReserveOutcome | AlreadyProcessed> => {
        const { orderId } = request;
        const reservationId = newId('rsv');
        const cause = causeOf(trigger);
        const lines = mergeLines(request.lines);
        const start = await startReservation(
          manager,
          { id: reservationId, orderId, ttlSeconds: options.ttlSeconds, correlationId: cause.correlationId ?? null, variantIds: lines.map((line) => line.variantId) },
          trigger && { consumer: trigger.consumer, eventId: trigger.event.eventId },
        );
        if (!start.inboxed) return ALREADY_PROCESSED;
        if (!start.expiresAt) {
          const existing = await manager.getRepository(ReservationEntity).findOneByOrFail({ orderId });
          return { kind: 'duplicate', status: existing.status };
        }
        const locked = start.items;
        const stock = new Map<string, WarehouseStock[]>();
        for (const item of locked) {
          const levels = stock.get(item.variantId) ?? [];
          levels.push({ warehouseId: item.warehouseId, onHand: item.onHand, reserved: item.reserved, active: item.warehouseActive });
          stock.set(item.variantId, levels);
        }
        const isKnown = (variantId: string) => start.known.has(variantId);
        const result = allocate(lines, stock, isKnown);

        if (!result.ok) {
          await runWrites(manager, [
            { text: `update reservations set status = 'FAILED', expires_at = null, updated_at = now() where id = $1`, values: [reservationId] },
            inventoryEvents([
              newEvent(StockReservationFailed, {
                aggregateId: orderId,
                ...cause,
                data: { orderId, reason: result.reason, lines: result.shortfalls },
              }),
            ]),
          ]);
          return { kind: 'failed', reason: result.reason, shortfalls: result.shortfalls };
        }
        const items = new Map(locked.map((item) => [itemKey(item), item]));
        const expiresAt = start.expiresAt;
        await hold(manager, { id: reservationId, orderId, expiresAt }, result.lines, items, cause);
        return { kind: 'reserved', reservationId, lines: result.lines, expiresAt };
      });
    },

    /**
     * Gives an order's reserved stock back (cancellation). An order cancelled before its
     * reservation was ever made gets a released tombstone, so an OrderPlaced arriving late
     * (a replay) does not reserve stock for a cancelled order.
     */
    release(orderId: string, detail: string, trigger?: Trigger): Promise<SettleOutcome | AlreadyProcessed> {
      return transact(dataSource, trigger, async (manager) => {
        const outcome = await settle(manager, orderId, 'release', {
          reason: `CANCELLED: ${detail}`.slice(0, 500),
          cause: causeOf(trigger),
        });
        if (outcome.kind === 'no-reservation') {
          await manager.query(
            `insert into reservations (id, order_id, status, expires_at) values ($1, $2, 'RELEASED', null)
             on conflict (order_id) do nothing`,
            [newId('rsv'), orderId],
          );
        }
        return outcome;
      });
    },

    /** Takes an order's reserved stock off hand (shipment). */
    commit(orderId: string, trigger?: Trigger): Promise<SettleOutcome | AlreadyProcessed> {
      return transact(dataSource, trigger, (manager) =>
        settle(manager, orderId, 'commit', { reason: 'ORDER_SHIPPED', cause: causeOf(trigger) }),
      );
    },

    /**
     * Keeps a held reservation until shipment: once the order is paid, the deadline that
     * protects stock from abandoned checkouts must no longer release it. Resolves to
     * whether a held reservation was found.
     */
    keep(orderId: string, trigger?: Trigger): Promise<boolean | AlreadyProcessed> {
      return dataSource.query<{ inboxed: boolean; kept: boolean }[]>(trigger ? KEEP_INBOXED : KEEP, trigger ? [orderId, trigger.consumer, trigger.event.eventId] : [orderId])
        .then(([row]) => (row?.inboxed ? row.kept : ALREADY_PROCESSED));
    },

    /**
     * Expires up to `limit` held reservations past their deadline, each in its own
     * transaction; reservations another transaction holds are skipped until the next pass.
     * Resolves to the orders whose stock was released.
     */
    async expireDue(limit: number): Promise<string[]> {
      const due = await dataSource.query<{ order_id: string }[]>(
        `select order_id from reservations where status = 'RESERVED' and expires_at <= now() order by expires_at limit $1`,
        [limit],
      );
      const expired: string[] = [];
      for (const { order_id: orderId } of due) {
        const outcome = await dataSource.transaction((manager) =>
          settle(manager, orderId, 'expire', { reason: 'EXPIRED', cause: {}, skipLocked: true }),
        );
        if (outcome.kind === 'settled') expired.push(orderId);
      }
      return expired;
    },

    /** The status of an order's reservation, if it has one. */
    async statusOf(orderId: string): Promise<ReservationStatus | undefined> {
      return (await dataSource.getRepository(ReservationEntity).findOneBy({ orderId }))?.status;
    },
  };
}
export type ReservationStore = ReturnType<typeof createReservationStore>;
