import { In, type DataSource, type EntityManager } from 'typeorm';
import { TOPICS } from '@commerce/events';
import { inboxClause, outboxInsertIf } from '@commerce/outbox';
import { newId, placeholders } from '@commerce/service-kit';
import type { Shipment, TrackingEvent } from '../domain/shipment.ts';
import type { StatusChange, createShipment } from '../domain/shipment-changes.ts';
import { ACTIVE_STATUSES, type ShipmentStatus } from '../domain/tracking.ts';
import { COLUMNS, ShipmentEntity, TrackingEventEntity, toShipment, type ShipmentRow } from './entities.ts';
import { ALREADY_PROCESSED, transact, type AlreadyProcessed, type Trigger } from './transaction.ts';

export type CreateOutcome =
  | { kind: 'created'; shipment: Shipment }
  /** The order already has its shipment: nothing changed. */
  | { kind: 'duplicate'; shipmentId: string; status: ShipmentStatus }
  /** The order was cancelled first: no shipment, ever. */
  | { kind: 'order-cancelled' };

/** The order's shipments and, when shipping knows the order, its customer. */
export interface OrderShipments {
  customerId: string | undefined;
  shipments: Shipment[];
}

/** Writes under the locks of one transaction (ShipmentStore.transaction). */
export interface LockedShipments {
  /** The shipment, locked until the transaction ends. */
  lock(shipmentId: string): Promise<Shipment | undefined>;
  /**
   * Up to `limit` shipments still on their way whose status is at least `minAgeMs` old, the
   * ones waiting longest first, locked; rows another transaction holds are skipped, never
   * waited for. A label whose order is cancelled is left alone: its cancellation is at the
   * carrier (outside any transaction, so it holds no lock meanwhile).
   */
  lockDue(options: { limit: number; minAgeMs: number; createdAfter?: Date | undefined }): Promise<Shipment[]>;
  /** The time of each shipment's latest tracking event. */
  latestScans(shipmentIds: readonly string[]): Promise<Map<string, Date>>;
  /** Applies a change of a shipment locked in this transaction; resolves to the shipment afterwards. */
  apply(change: StatusChange): Promise<Shipment>;
}

// The order events' effects are single statements where they can be (one round trip, and a
// statement commits or rolls back as a whole, its inbox row with it), in the order a transaction
// would run them, each WITH clause reading the one before so that PostgreSQL keeps that order.
// A statement reads with the snapshot it started with, which may predate a lock it then waited
// for: nothing a lock holder may have changed is taken from a plain read. A shipment request
// takes the order's cancellation from the RETURNING of its lock on the order's row, and leaves
// "is there a shipment already" to the unique order id (ON CONFLICT sees rows committed after
// the snapshot). A cancellation decides alone only for an order its snapshot does not know, by
// inserting the order's row (a shipment cannot exist without it: foreign key, and insert()
// writes both in one statement): one that appeared meanwhile fails the insert, which rolls back
// the whole statement, and the caller remembers the cancellation and reads the shipment in
// later statements instead. A status change applies only to the status it was decided on (the
// UPDATE re-checks a row a concurrent writer changed), so it needs no lock held across a call
// to the carrier.

/** The order's row, created when new to shipping, locked until the transaction ends ($1 the order, $2 its customer). */
const LOCK_ORDER_REF = `insert into order_refs (order_id, customer_id) values ($1, $2)
  on conflict (order_id) do update set order_id = excluded.order_id
  returning cancelled_at`;

/** Thrown inside a transaction to roll it back, and caught outside it. */
class NothingSettled extends Error {}

export function createShipmentStore(dataSource: DataSource) {
  const shipments = dataSource.getRepository(ShipmentEntity);
  const trackingEvents = dataSource.getRepository(TrackingEventEntity);

  /**
   * Applies a status change, with its tracking event and its events, if the shipment still has
   * the status it was decided on; with a trigger, only if the inbox did not have it, claiming
   * it. One statement; resolves to whether the inbox was claimed and the shipment afterwards
   * (undefined when it had moved on).
   */
  async function applyChange(
    manager: EntityManager,
    change: StatusChange,
    trigger: Trigger | undefined,
  ): Promise<{ claimed: boolean; shipment: Shipment | undefined }> {
    const { shipment, scan, events } = change;
    const { values, $ } = placeholders();
    const claim = inboxClause(trigger && { consumer: $(trigger.consumer), eventId: $(trigger.event.eventId) }, { name: 'claim' });
    const [row] = await manager.query<{ claimed: boolean; updatedAt: Date | null }[]>(
      `with ${claim.with}
       moved as (
         update shipments set status = ${$(scan.status)}, updated_at = now()
          where id = ${$(shipment.id)} and status = ${$(shipment.status)} and ${claim.claimed}
         returning id, updated_at
       ),
       tracking as (
         insert into tracking_events (id, shipment_id, status, location, occurred_at)
         select ${$(newId('trk'))}, m.id, ${$(scan.status)}, ${$(scan.location)}, ${$(scan.occurredAt)} from moved m
       ),
       events as (${outboxInsertIf('moved', TOPICS.shipments, events, $)})
       select ${claim.claimed} as claimed, (select updated_at from moved) as "updatedAt"`,
      values,
    );
    return {
      claimed: row?.claimed ?? false,
      shipment: row?.updatedAt ? { ...shipment, status: scan.status, updatedAt: row.updatedAt } : undefined,
    };
  }

  async function latestScans(manager: EntityManager, shipmentIds: readonly string[]): Promise<Map<string, Date>> {
    const rows = await manager.query<{ shipment_id: string; latest: Date }[]>(
      'select shipment_id, max(occurred_at) as latest from tracking_events where shipment_id = any($1::text[]) group by shipment_id',
      [[...shipmentIds]],
    );
    return new Map(rows.map((row) => [row.shipment_id, row.latest]));
  }

  function locked(manager: EntityManager): LockedShipments {
    return {
      async lock(shipmentId) {
        const [row] = await manager.query<ShipmentRow[]>(`select ${COLUMNS} from shipments s where s.id = $1 for update`, [shipmentId]);
        return row ? toShipment(row) : undefined;
      },
      async lockDue(options) {
        const rows = await manager.query<ShipmentRow[]>(
          `select ${COLUMNS} from shipments s
            where s.status = any($1::text[]) and s.updated_at <= now() - make_interval(secs => $2)
              and ($4::timestamptz is null or s.created_at > $4)
              and not (s.status = 'LABEL_CREATED'
                       and exists (select from order_refs o where o.order_id = s.order_id and o.cancelled_at is not null))
            order by s.updated_at, s.id
            limit $3
            for update skip locked`,
          [ACTIVE_STATUSES, options.minAgeMs / 1000, options.limit, options.createdAfter ?? null],
        );
        return rows.map(toShipment);
      },
      latestScans: (shipmentIds) => latestScans(manager, shipmentIds),
      async apply(change) {
        const { shipment } = await applyChange(manager, change, undefined);
        if (!shipment) throw new Error(`shipment ${change.shipment.id} changed while locked`);
        return shipment;
      },
    };
  }

  return {
    /** Runs `work` in one transaction, with writes under its locks. */
    transaction<T>(work: (shipments: LockedShipments) => Promise<T>): Promise<T> {
      return dataSource.transaction((manager) => work(locked(manager)));
    },

    /**
     * Stores a new shipment with its first tracking event and its events, all in one statement
     * with the inbox row. The statement locks the order's row first (creating it when new), so a
     * concurrent duplicate or cancellation of the same order waits or is waited for, and then
     * finds the outcome: the cancellation from the lock's RETURNING, an existing shipment from
     * the unique order id.
     */
    async insert(created: ReturnType<typeof createShipment>, trigger?: Trigger): Promise<CreateOutcome | AlreadyProcessed> {
      const { shipment, scan, events } = created;
      const { values, $ } = placeholders();
      const order = $(shipment.orderId);
      const customer = $(shipment.customerId);
      const claim = inboxClause(trigger && { consumer: $(trigger.consumer), eventId: $(trigger.event.eventId) }, { name: 'claim' });
      const at = $(shipment.createdAt);
      const [row] = await dataSource.query<(Partial<ShipmentRow> & { claimed: boolean; cancelledAt: Date | null })[]>(
        `with ${claim.with}
         ref as (
           insert into order_refs (order_id, customer_id) ${trigger ? `select ${order}, ${customer} from claim` : `values (${order}, ${customer})`}
           on conflict (order_id) do update set order_id = excluded.order_id
           returning cancelled_at
         ),
         shipment as (
           insert into shipments as s (id, order_id, customer_id, carrier, service, tracking_number, label_url, status, address,
                                       weight_grams, price_amount, price_currency, estimated_delivery, correlation_id, created_at, updated_at)
           select ${$(shipment.id)}, ${order}, ${customer}, ${$(shipment.carrier)}, ${$(shipment.service)}, ${$(shipment.trackingNumber)},
                  ${$(shipment.labelUrl)}, ${$(shipment.status)}, ${$(JSON.stringify(shipment.address))}::jsonb, ${$(shipment.weightGrams)},
                  ${$(shipment.price.amount)}, ${$(shipment.price.currency)}, ${$(shipment.estimatedDelivery)}, ${$(shipment.correlationId)}, ${at}, ${at}
             from ref where ref.cancelled_at is null
           on conflict (order_id) do nothing
           returning ${COLUMNS}
         ),
         tracking as (
           insert into tracking_events (id, shipment_id, status, location, occurred_at)
           select ${$(newId('trk'))}, s.id, ${$(scan.status)}, ${$(scan.location)}, ${$(scan.occurredAt)} from shipment s
         ),
         events as (${outboxInsertIf('shipment', TOPICS.shipments, events, $)})
         select ${claim.claimed} as claimed, (select cancelled_at from ref) as "cancelledAt", s.*
           from (select) one left join shipment s on true`,
        values,
      );
      if (!row?.claimed) return ALREADY_PROCESSED;
      if (row.cancelledAt) return { kind: 'order-cancelled' };
      const { claimed: _claimed, cancelledAt: _cancelledAt, ...inserted } = row;
      if (inserted.id) return { kind: 'created', shipment: toShipment(inserted as ShipmentRow) };
      // The order had its shipment (committed before the lock was taken): a new statement sees it.
      const [existing] = await dataSource.query<{ id: string; status: ShipmentStatus }[]>('select id, status from shipments where order_id = $1', [
        shipment.orderId,
      ]);
      if (!existing) throw new Error(`the shipment of order ${shipment.orderId} was neither inserted nor found`);
      return { kind: 'duplicate', shipmentId: existing.id, status: existing.status };
    },

    /**
     * For a request no carrier takes: the outcome when it is a no-op anyway (the order cancelled
     * or shipped already, the event applied before), recorded with the inbox row; otherwise
     * undefined, and nothing is written (not even to the inbox, so a retry runs it again).
     */
    async settledRequest(orderId: string, customerId: string, trigger?: Trigger): Promise<CreateOutcome | AlreadyProcessed | undefined> {
      try {
        return await transact(dataSource, trigger, async (manager): Promise<CreateOutcome> => {
          const [order] = await manager.query<{ cancelled_at: Date | null }[]>(LOCK_ORDER_REF, [orderId, customerId]);
          if (order?.cancelled_at) return { kind: 'order-cancelled' };
          // A statement after the lock: its snapshot has whatever a lock holder committed.
          const [existing] = await manager.query<{ id: string; status: ShipmentStatus }[]>(
            'select id, status from shipments where order_id = $1 for update',
            [orderId],
          );
          if (existing) return { kind: 'duplicate', shipmentId: existing.id, status: existing.status };
          throw new NothingSettled();
        });
      } catch (err) {
        if (err instanceof NothingSettled) return undefined;
        throw err;
      }
    },

    /** The order's shipment, as committed now. */
    async findByOrder(orderId: string): Promise<Shipment | undefined> {
      const [row] = await dataSource.query<ShipmentRow[]>(`select ${COLUMNS} from shipments s where s.order_id = $1`, [orderId]);
      return row ? toShipment(row) : undefined;
    },

    /**
     * Applies a status change decided outside any transaction, in one statement with the
     * trigger's inbox row, if the shipment still has the status it was decided on.
     */
    applyIfUnchanged(change: StatusChange, trigger?: Trigger): Promise<{ claimed: boolean; shipment: Shipment | undefined }> {
      return applyChange(dataSource.manager, change, trigger);
    },

    /** Shipments by id, in the order of `ids`, undefined where none exists. */
    async findByIds(ids: readonly string[]): Promise<(Shipment | undefined)[]> {
      const rows = await shipments.findBy({ id: In([...ids]) });
      const byId = new Map(rows.map((row) => [row.id, toShipment(row)]));
      return ids.map((id) => byId.get(id));
    },

    /** The shipments of several orders (oldest first) with each order's customer, in the order of `orderIds`, in one query. */
    async byOrders(orderIds: readonly string[]): Promise<OrderShipments[]> {
      const rows = await dataSource.query<(Partial<ShipmentRow> & { refOrderId: string; refCustomerId: string })[]>(
        `select o.order_id as "refOrderId", o.customer_id as "refCustomerId", ${COLUMNS}
           from order_refs o left join shipments s on s.order_id = o.order_id
          where o.order_id = any($1::text[])
          order by s.created_at, s.id`,
        [[...orderIds]],
      );
      const byOrder = new Map<string, OrderShipments>();
      for (const row of rows) {
        const entry = byOrder.get(row.refOrderId) ?? { customerId: row.refCustomerId, shipments: [] };
        if (row.id) entry.shipments.push(toShipment(row as ShipmentRow));
        byOrder.set(row.refOrderId, entry);
      }
      return orderIds.map((id) => byOrder.get(id) ?? { customerId: undefined, shipments: [] });
    },

    /** Tracking events of several shipments, oldest first, grouped in the order of `shipmentIds`, in one query. */
    async trackingEventsOf(shipmentIds: readonly string[]): Promise<TrackingEvent[][]> {
      const rows = await trackingEvents.find({
        where: { shipmentId: In([...shipmentIds]) },
        order: { occurredAt: 'ASC', id: 'ASC' },
      });
      const byShipment = new Map<string, TrackingEvent[]>();
      for (const row of rows) {
        const list = byShipment.get(row.shipmentId) ?? [];
        list.push(row);
        byShipment.set(row.shipmentId, list);
      }
      return shipmentIds.map((id) => byShipment.get(id) ?? []);
    },
  };
}
export type ShipmentStore = ReturnType<typeof createShipmentStore>;
