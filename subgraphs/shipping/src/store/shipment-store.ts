import { In, type DataSource, type EntityManager } from 'typeorm';
import {
  ShipmentCreated,
  ShipmentDelivered,
  ShipmentStatusChanged,
  TOPICS,
  newEvent,
  type PostalAddress,
} from '@commerce/events';
import { inboxClaim, outboxInsert, outboxInsertIf } from '@commerce/outbox';
import { newId, placeholders, runWritesAnswering } from '@commerce/service-kit';
import type { CarrierPort } from '../carrier/port.ts';
import { ShippingError } from '../domain/errors.ts';
import { cheapestRate, type QuoteLine, type RateCard, type Service } from '@commerce/shipping-rates';
import type { Shipment, TrackingEvent } from '../domain/shipment.ts';
import { ACTIVE_STATUSES, occurredAtProblem, sandboxStep, transition, type ShipmentStatus } from '../domain/tracking.ts';
import type { TrackingEventInput } from '../domain/validation.ts';
import { ShipmentEntity, TrackingEventEntity, toShipment, type ShipmentRow } from './entities.ts';
import {
  ALREADY_PROCESSED,
  causeOf,
  isUniqueViolation,
  transact,
  type AlreadyProcessed,
  type Cause,
  type Trigger,
} from './transaction.ts';

export interface ShipmentRequest {
  orderId: string;
  customerId: string;
  service: Service;
  address: PostalAddress;
  lines: readonly QuoteLine[];
}

export type CreateOutcome =
  | { kind: 'created'; shipment: Shipment }
  /** The order already has its shipment: nothing changed. */
  | { kind: 'duplicate'; shipmentId: string; status: ShipmentStatus }
  /** The order was cancelled first: no shipment, ever. */
  | { kind: 'order-cancelled' };

export type CancelOutcome =
  | { kind: 'cancelled'; shipmentId: string }
  /** Cancelled before (a duplicate OrderCancelled). */
  | { kind: 'unchanged'; shipmentId: string; status: ShipmentStatus }
  /** The parcel is already on its way (or the carrier would not cancel): the shipment stays. */
  | { kind: 'kept'; shipmentId: string; status: ShipmentStatus; reason: string }
  /** No shipment yet: the cancellation is remembered, so a later ShipmentRequested is a no-op. */
  | { kind: 'remembered' };

export interface Advanced {
  shipmentId: string;
  orderId: string;
  from: ShipmentStatus;
  to: ShipmentStatus;
}

/** The order's shipments and, when shipping knows the order, its customer. */
export interface OrderShipments {
  customerId: string | undefined;
  shipments: Shipment[];
}

const COLUMNS = `
  s.id, s.order_id as "orderId", s.customer_id as "customerId", s.carrier, s.service,
  s.tracking_number as "trackingNumber", s.label_url as "labelUrl", s.status, s.address,
  s.weight_grams as "weightGrams", s.price_amount as "priceAmount", s.price_currency as "priceCurrency",
  s.estimated_delivery as "estimatedDelivery", s.correlation_id as "correlationId",
  s.created_at as "createdAt", s.updated_at as "updatedAt"`;

// The order events' effects are single statements where they can be (one round trip, and a
// statement commits or rolls back as a whole, its inbox row with it), in the order a transaction
// would run them, each WITH clause reading the one before so that PostgreSQL keeps that order.
// A statement reads with the snapshot it started with, which may predate a lock it then waited
// for: nothing a lock holder may have changed is taken from a plain read. A shipment request
// takes the order's cancellation from the RETURNING of its lock on the order's row, and leaves
// "is there a shipment already" to the unique order id (ON CONFLICT sees rows committed after
// the snapshot). A cancellation decides alone only for an order its snapshot does not know, by
// inserting the order's row (a shipment cannot exist without it: foreign key, and create()
// writes both in one statement): one that appeared meanwhile fails the insert, which rolls back
// the whole statement, and the transaction path decides under the lock instead.

/** The order's row, created when new to shipping, locked until the transaction ends ($1 the order, $2 its customer). */
const LOCK_ORDER_REF = `insert into order_refs (order_id, customer_id) values ($1, $2)
  on conflict (order_id) do update set order_id = excluded.order_id
  returning cancelled_at`;

export interface ShipmentStoreOptions {
  carrier: CarrierPort;
  rateCard: RateCard;
}

export function createShipmentStore(dataSource: DataSource, options: ShipmentStoreOptions) {
  const { carrier, rateCard } = options;
  const shipments = dataSource.getRepository(ShipmentEntity);
  const trackingEvents = dataSource.getRepository(TrackingEventEntity);

  /**
   * Records a status change of a locked shipment: the tracking event, the new status, and
   * ShipmentStatusChanged (plus ShipmentDelivered on delivery), in one round trip in the
   * caller's transaction.
   */
  async function changeStatus(
    manager: EntityManager,
    shipment: Shipment,
    next: { status: ShipmentStatus; location: string | null; occurredAt: Date },
    cause: Cause,
  ): Promise<Shipment> {
    const facts = { orderId: shipment.orderId, shipmentId: shipment.id, customerId: shipment.customerId };
    const occurredAt = next.occurredAt.toISOString();
    const events = [
      newEvent(ShipmentStatusChanged, {
        aggregateId: shipment.orderId,
        ...cause,
        data: { ...facts, previous: shipment.status, status: next.status, location: next.location, occurredAt },
      }),
      ...(next.status === 'DELIVERED'
        ? [newEvent(ShipmentDelivered, { aggregateId: shipment.orderId, ...cause, data: { ...facts, deliveredAt: occurredAt } })]
        : []),
    ];
    // Distinct rows of distinct tables; the shipment's lock, taken before, orders the outbox ids.
    const [row] = await runWritesAnswering<{ updated_at: Date }>(manager, 'select updated_at from w1', [
      {
        text: 'insert into tracking_events (id, shipment_id, status, location, occurred_at) values ($1, $2, $3, $4, $5)',
        values: [newId('trk'), shipment.id, next.status, next.location, next.occurredAt],
      },
      { text: 'update shipments set status = $2, updated_at = now() where id = $1 returning updated_at', values: [shipment.id, next.status] },
      outboxInsert(TOPICS.shipments, events),
    ]);
    if (!row) throw new Error(`shipment ${shipment.id} vanished while locked`);
    return { ...shipment, status: next.status, updatedAt: row.updated_at };
  }

  async function lockShipment(manager: EntityManager, where: 'id' | 'order_id', value: string): Promise<Shipment | undefined> {
    const [row] = await manager.query<ShipmentRow[]>(`select ${COLUMNS} from shipments s where s.${where} = $1 for update`, [value]);
    return row ? toShipment(row) : undefined;
  }

  async function latestEventTimes(manager: EntityManager, shipmentIds: string[]): Promise<Map<string, Date>> {
    const rows = await manager.query<{ shipment_id: string; latest: Date }[]>(
      'select shipment_id, max(occurred_at) as latest from tracking_events where shipment_id = any($1::text[]) group by shipment_id',
      [shipmentIds],
    );
    return new Map(rows.map((row) => [row.shipment_id, row.latest]));
  }

  /**
   * create() for a request no carrier takes: in a transaction that rolls back (the error is
   * thrown, the inbox keeps nothing) unless the request is a no-op anyway, as for an order
   * cancelled or shipped already or an event applied before.
   */
  function refuseUnlessSettled(request: ShipmentRequest, trigger: Trigger | undefined, problem: string): Promise<CreateOutcome | AlreadyProcessed> {
    return transact(dataSource, trigger, async (manager): Promise<CreateOutcome> => {
      const { orderId, customerId } = request;
      const [order] = await manager.query<{ cancelled_at: Date | null }[]>(LOCK_ORDER_REF, [orderId, customerId]);
      if (order?.cancelled_at) return { kind: 'order-cancelled' };
      // A statement after the lock: its snapshot has whatever a lock holder committed.
      const existing = await lockShipment(manager, 'order_id', orderId);
      if (existing) return { kind: 'duplicate', shipmentId: existing.id, status: existing.status };
      throw new ShippingError('BAD_USER_INPUT', `Order ${orderId} cannot be shipped: ${problem}`);
    });
  }

  /**
   * cancelForOrder in a transaction: the inbox row and the cancellation remembered on the
   * order's row (which locks it), then the shipment, read and locked by a later statement, so
   * one a lock holder created is seen; the carrier is asked between the two.
   */
  function cancelUnderLock(
    cancellation: { orderId: string; customerId: string; reason: string; cancelledAt: Date },
    trigger: Trigger | undefined,
  ): Promise<CancelOutcome | AlreadyProcessed> {
    return dataSource.transaction(async (manager): Promise<CancelOutcome | AlreadyProcessed> => {
      const { orderId } = cancellation;
      const { values, $ } = placeholders();
      const row = `${$(orderId)}, ${$(cancellation.customerId)}, ${$(cancellation.cancelledAt)}, ${$(cancellation.reason)}`;
      // As processOnce: a concurrent delivery of the same event waits at the inbox, then claims nothing and locks nothing.
      const claim = trigger ? `with claim as (${inboxClaim($(trigger.consumer), $(trigger.event.eventId))})\n` : '';
      const remembered = await manager.query<unknown[]>(
        `${claim}insert into order_refs (order_id, customer_id, cancelled_at, cancel_reason) ${trigger ? `select ${row} from claim` : `values (${row})`}
         on conflict (order_id) do update
            set cancelled_at = coalesce(order_refs.cancelled_at, excluded.cancelled_at),
                cancel_reason = coalesce(order_refs.cancel_reason, excluded.cancel_reason)
         returning order_id`,
        values,
      );
      if (remembered.length === 0) return ALREADY_PROCESSED;
      const shipment = await lockShipment(manager, 'order_id', orderId);
      if (!shipment) return { kind: 'remembered' };
      const step = transition(shipment.status, 'CANCELLED');
      if (step.kind === 'duplicate') return { kind: 'unchanged', shipmentId: shipment.id, status: shipment.status };
      if (step.kind === 'illegal') return { kind: 'kept', shipmentId: shipment.id, status: shipment.status, reason: step.message };
      const result = await carrier.cancelShipment(shipment.carrier, shipment.trackingNumber);
      if (!result.cancelled) return { kind: 'kept', shipmentId: shipment.id, status: shipment.status, reason: result.reason };
      await changeStatus(manager, shipment, { status: 'CANCELLED', location: null, occurredAt: new Date() }, causeOf(trigger));
      return { kind: 'cancelled', shipmentId: shipment.id };
    });
  }

  return {
    /**
     * Ships an order: the cheapest carrier for the requested service, zone and weight makes
     * a label, and the shipment starts as LABEL_CREATED with ShipmentCreated and
     * ShipmentStatusChanged, all in one statement with the inbox row. The statement locks the
     * order's row first (creating it when new), so a concurrent duplicate or cancellation of
     * the same order waits or is waited for, and then finds the outcome: the cancellation from
     * the lock's RETURNING, an existing shipment from the unique order id.
     *
     * The label is asked for before the statement, outside any transaction: the carrier is
     * idempotent by order id, so a retry after a failed statement gets the same label and no
     * order ever has two. A request that turns out to be a no-op (a duplicate, a cancelled
     * order) has asked the sandbox carrier, which is in-process and only remembers its answer,
     * for a label it never uses; a carrier behind a network would want a plain lookup first.
     */
    async create(request: ShipmentRequest, trigger?: Trigger): Promise<CreateOutcome | AlreadyProcessed> {
      const { orderId, customerId, service, address } = request;
      const choice = cheapestRate(rateCard, { country: address.country, lines: request.lines, service });
      if (!choice.ok) return refuseUnlessSettled(request, trigger, choice.message);
      const label = await carrier.createShipment({
        idempotencyKey: orderId,
        carrier: choice.rate.carrier,
        service,
        address,
        weightGrams: choice.weightGrams,
        estimatedDays: choice.rate.estimatedDays,
      });
      const cause = causeOf(trigger);
      const id = newId('shp');
      // Our clock dates the label (the events carry the time, and are built before the statement).
      const createdAt = new Date();
      const facts = { orderId, shipmentId: id, customerId };
      const events = [
        newEvent(ShipmentCreated, {
          aggregateId: orderId,
          ...cause,
          data: {
            ...facts,
            carrier: label.carrier,
            service: label.service,
            trackingNumber: label.trackingNumber,
            estimatedDelivery: label.estimatedDelivery.toISOString(),
            createdAt: createdAt.toISOString(),
          },
        }),
        newEvent(ShipmentStatusChanged, {
          aggregateId: orderId,
          ...cause,
          data: { ...facts, previous: null, status: 'LABEL_CREATED', location: rateCard.origin, occurredAt: createdAt.toISOString() },
        }),
      ];

      const { values, $ } = placeholders();
      const order = $(orderId);
      const customer = $(customerId);
      const claim = trigger ? `claim as (${inboxClaim($(trigger.consumer), $(trigger.event.eventId))}),` : '';
      const at = $(createdAt);
      const [row] = await dataSource.query<(Partial<ShipmentRow> & { claimed: boolean; cancelledAt: Date | null })[]>(
        `with ${claim}
         ref as (
           insert into order_refs (order_id, customer_id) ${trigger ? `select ${order}, ${customer} from claim` : `values (${order}, ${customer})`}
           on conflict (order_id) do update set order_id = excluded.order_id
           returning cancelled_at
         ),
         shipment as (
           insert into shipments as s (id, order_id, customer_id, carrier, service, tracking_number, label_url, status, address,
                                       weight_grams, price_amount, price_currency, estimated_delivery, correlation_id, created_at, updated_at)
           select ${$(id)}, ${order}, ${customer}, ${$(label.carrier)}, ${$(label.service)}, ${$(label.trackingNumber)}, ${$(label.labelUrl)},
                  'LABEL_CREATED', ${$(JSON.stringify(address))}::jsonb, ${$(choice.weightGrams)}, ${$(choice.rate.price.amount)},
                  ${$(choice.rate.price.currency)}, ${$(label.estimatedDelivery)}, ${$(cause.correlationId ?? null)}, ${at}, ${at}
             from ref where ref.cancelled_at is null
           on conflict (order_id) do nothing
           returning ${COLUMNS}
         ),
         tracking as (
           insert into tracking_events (id, shipment_id, status, location, occurred_at)
           select ${$(newId('trk'))}, s.id, s.status, ${$(rateCard.origin)}, s."createdAt" from shipment s
         ),
         events as (${outboxInsertIf('shipment', TOPICS.shipments, events, $)})
         select ${trigger ? 'exists (select from claim)' : 'true'} as claimed, (select cancelled_at from ref) as "cancelledAt", s.*
           from (select) one left join shipment s on true`,
        values,
      );
      if (!row?.claimed) return ALREADY_PROCESSED;
      if (row.cancelledAt) return { kind: 'order-cancelled' };
      const { claimed: _claimed, cancelledAt: _cancelledAt, ...inserted } = row;
      if (inserted.id) return { kind: 'created', shipment: toShipment(inserted as ShipmentRow) };
      // The order had its shipment (committed before the lock was taken): a new statement sees it.
      const [existing] = await dataSource.query<{ id: string; status: ShipmentStatus }[]>('select id, status from shipments where order_id = $1', [orderId]);
      if (!existing) throw new Error(`the shipment of order ${orderId} was neither inserted nor found`);
      return { kind: 'duplicate', shipmentId: existing.id, status: existing.status };
    },

    /**
     * Reacts to a cancelled order. The cancellation is always remembered (so a late
     * ShipmentRequested ships nothing); a shipment whose label is not yet handed over is
     * cancelled at the carrier and becomes CANCELLED; anything further along stays.
     *
     * An order shipping has not heard of (the usual case: cancelled before it was confirmed)
     * takes one statement, the inbox row and the order's new row; an order its snapshot knows,
     * or one whose row appears while it runs (the insert then fails and rolls back), takes the
     * transaction of cancelUnderLock.
     */
    async cancelForOrder(
      cancellation: { orderId: string; customerId: string; reason: string; cancelledAt: Date },
      trigger?: Trigger,
    ): Promise<CancelOutcome | AlreadyProcessed> {
      const cancel = { ...cancellation, reason: cancellation.reason.slice(0, 500) };
      const { values, $ } = placeholders();
      const order = $(cancel.orderId);
      const inbox = trigger ? { consumer: $(trigger.consumer), eventId: $(trigger.event.eventId) } : undefined;
      const claim = inbox
        ? `insert into inbox (consumer, event_id) select ${inbox.consumer}, ${inbox.eventId} from known where not known
           on conflict do nothing returning event_id`
        : 'select from known where not known';
      // A committed inbox row is there for good, so one the snapshot has is enough to skip a redelivery.
      const applied = inbox ? `exists (select from inbox where consumer = ${inbox.consumer} and event_id = ${inbox.eventId})` : 'false';
      let answer: { known: boolean; claimed: boolean; applied: boolean } | undefined;
      try {
        [answer] = await dataSource.query<{ known: boolean; claimed: boolean; applied: boolean }[]>(
          `with known as (select exists (select from order_refs where order_id = ${order}) as known),
           claim as (${claim}),
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
      if (answer && !answer.known) return answer.claimed ? { kind: 'remembered' } : ALREADY_PROCESSED;
      return cancelUnderLock(cancel, trigger);
    },

    /**
     * Records a carrier scan (admin). A repeat of the current status changes nothing; a
     * transition the state machine forbids is a CONFLICT, as is a scan older than the
     * shipment's latest one. Returns the shipment as it is afterwards.
     */
    recordTrackingEvent(shipmentId: string, input: TrackingEventInput, now = new Date()): Promise<Shipment> {
      return dataSource.transaction(async (manager) => {
        const shipment = await lockShipment(manager, 'id', shipmentId);
        if (!shipment) throw new ShippingError('NOT_FOUND', `No shipment has the id ${shipmentId}.`);
        const step = transition(shipment.status, input.status);
        if (step.kind === 'duplicate') return shipment;
        if (step.kind === 'illegal') throw new ShippingError('CONFLICT', step.message);
        const latest = (await latestEventTimes(manager, [shipment.id])).get(shipment.id);
        // Without a reported time the scan happens now, which is never before the latest one,
        // even if the clock that dated it (another replica's, which dated the label) runs a little ahead of ours.
        const occurredAt = input.occurredAt ?? (latest && latest > now ? latest : now);
        const problem = occurredAtProblem(occurredAt, latest, now);
        if (problem) {
          throw new ShippingError(problem.code, problem.message, [{ field: 'input.occurredAt', message: problem.message }]);
        }
        return changeStatus(manager, shipment, { status: input.status, location: input.location, occurredAt }, causeOf(undefined, shipment.correlationId));
      });
    },

    /**
     * The sandbox carrier's scan round: moves up to `limit` shipments still on their way one
     * step on (see sandboxStep), the ones waiting longest first, skipping any whose status
     * changed less than `minAgeMs` ago. Rows another replica (or a cancellation) holds are
     * skipped, never waited for, so replicas share the work and never step a shipment twice.
     */
    advanceSandbox(options: { limit: number; minAgeMs: number; createdAfter?: Date | undefined }): Promise<Advanced[]> {
      return dataSource.transaction(async (manager) => {
        const rows = await manager.query<ShipmentRow[]>(
          `select ${COLUMNS} from shipments s
            where s.status = any($1::text[]) and s.updated_at <= now() - make_interval(secs => $2)
              and ($4::timestamptz is null or s.created_at > $4)
            order by s.updated_at, s.id
            limit $3
            for update skip locked`,
          [ACTIVE_STATUSES, options.minAgeMs / 1000, options.limit, options.createdAfter ?? null],
        );
        const latest = await latestEventTimes(
          manager,
          rows.map((row) => row.id),
        );
        const advanced: Advanced[] = [];
        for (const shipment of rows.map(toShipment)) {
          const hub = rateCard.carriers.find((c) => c.name === shipment.carrier)?.hub ?? `${shipment.carrier} hub`;
          const next = sandboxStep(shipment.status, { hub, city: shipment.address.city, country: shipment.address.country });
          if (!next || transition(shipment.status, next.status).kind !== 'changed') continue;
          // Never before the latest scan, even one an admin dated a little ahead of our clock.
          const now = new Date();
          const last = latest.get(shipment.id);
          const occurredAt = last && last > now ? last : now;
          await changeStatus(manager, shipment, { ...next, occurredAt }, causeOf(undefined, shipment.correlationId));
          advanced.push({ shipmentId: shipment.id, orderId: shipment.orderId, from: shipment.status, to: next.status });
        }
        return advanced;
      });
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
