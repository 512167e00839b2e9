import { In, type DataSource, type EntityManager } from 'typeorm';
import {
  ShipmentCreated,
  ShipmentDelivered,
  ShipmentStatusChanged,
  TOPICS,
  newEvent,
  type EventEnvelope,
  type PostalAddress,
} from '@commerce/events';
import { enqueueEvents } from '@commerce/outbox';
import { newId } from '@commerce/service-kit';
import type { CarrierPort } from '../carrier/port.ts';
import { ShippingError } from '../domain/errors.ts';
import { cheapestRate, type QuoteLine, type RateCard, type Service } from '@commerce/shipping-rates';
import type { Shipment, TrackingEvent } from '../domain/shipment.ts';
import { ACTIVE_STATUSES, occurredAtProblem, sandboxStep, transition, type ShipmentStatus } from '../domain/tracking.ts';
import type { TrackingEventInput } from '../domain/validation.ts';
import { ShipmentEntity, TrackingEventEntity, toShipment, type ShipmentRow } from './entities.ts';
import { causeOf, transact, type AlreadyProcessed, type Cause, type Trigger } from './transaction.ts';

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

const emit = (manager: EntityManager, envelopes: EventEnvelope[]) => enqueueEvents(manager, TOPICS.shipments, envelopes);

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
   * ShipmentStatusChanged (plus ShipmentDelivered on delivery), all in the caller's transaction.
   */
  async function changeStatus(
    manager: EntityManager,
    shipment: Shipment,
    next: { status: ShipmentStatus; location: string | null; occurredAt: Date },
    cause: Cause,
  ): Promise<Shipment> {
    await manager.query(
      'insert into tracking_events (id, shipment_id, status, location, occurred_at) values ($1, $2, $3, $4, $5)',
      [newId('trk'), shipment.id, next.status, next.location, next.occurredAt],
    );
    // TypeORM answers an UPDATE with [rows, affected count].
    const [[row]] = await manager.query<[{ updated_at: Date }[], number]>(
      'update shipments set status = $2, updated_at = now() where id = $1 returning updated_at',
      [shipment.id, next.status],
    );
    const facts = { orderId: shipment.orderId, shipmentId: shipment.id, customerId: shipment.customerId };
    const occurredAt = next.occurredAt.toISOString();
    await emit(manager, [
      newEvent(ShipmentStatusChanged, {
        aggregateId: shipment.orderId,
        ...cause,
        data: { ...facts, previous: shipment.status, status: next.status, location: next.location, occurredAt },
      }),
      ...(next.status === 'DELIVERED'
        ? [newEvent(ShipmentDelivered, { aggregateId: shipment.orderId, ...cause, data: { ...facts, deliveredAt: occurredAt } })]
        : []),
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

  return {
    /**
     * Ships an order: the cheapest carrier for the requested service, zone and weight makes
     * a label, and the shipment starts as LABEL_CREATED with ShipmentCreated and
     * ShipmentStatusChanged. The order's row is locked first, so a concurrent duplicate or
     * cancellation of the same order waits and then finds the outcome. The carrier is called
     * inside the transaction: if the commit fails, the retry asks again with the same
     * idempotency key and gets the same label, so no order ever has two.
     */
    create(request: ShipmentRequest, trigger?: Trigger): Promise<CreateOutcome | AlreadyProcessed> {
      return transact(dataSource, trigger, async (manager): Promise<CreateOutcome> => {
        const { orderId, customerId, service, address } = request;
        await manager.query('insert into order_refs (order_id, customer_id) values ($1, $2) on conflict (order_id) do nothing', [
          orderId,
          customerId,
        ]);
        const [order] = await manager.query<{ cancelled_at: Date | null }[]>(
          'select cancelled_at from order_refs where order_id = $1 for update',
          [orderId],
        );
        if (order?.cancelled_at) return { kind: 'order-cancelled' };
        const existing = await lockShipment(manager, 'order_id', orderId);
        if (existing) return { kind: 'duplicate', shipmentId: existing.id, status: existing.status };

        const choice = cheapestRate(rateCard, { country: address.country, lines: request.lines, service });
        if (!choice.ok) throw new ShippingError('BAD_USER_INPUT', `Order ${orderId} cannot be shipped: ${choice.message}`);
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
        const [row] = await manager.query<ShipmentRow[]>(
          `insert into shipments as s (id, order_id, customer_id, carrier, service, tracking_number, label_url, status, address,
                                  weight_grams, price_amount, price_currency, estimated_delivery, correlation_id)
           values ($1, $2, $3, $4, $5, $6, $7, 'LABEL_CREATED', $8::jsonb, $9, $10, $11, $12, $13)
           returning ${COLUMNS}`,
          [
            id,
            orderId,
            customerId,
            label.carrier,
            label.service,
            label.trackingNumber,
            label.labelUrl,
            JSON.stringify(address),
            choice.weightGrams,
            choice.rate.price.amount,
            choice.rate.price.currency,
            label.estimatedDelivery,
            cause.correlationId ?? null,
          ],
        );
        if (!row) throw new Error(`the shipment of order ${orderId} was not inserted`);
        const shipment = toShipment(row);
        await manager.query(
          'insert into tracking_events (id, shipment_id, status, location, occurred_at) values ($1, $2, $3, $4, $5)',
          [newId('trk'), id, 'LABEL_CREATED', rateCard.origin, shipment.createdAt],
        );
        const facts = { orderId, shipmentId: id, customerId };
        await emit(manager, [
          newEvent(ShipmentCreated, {
            aggregateId: orderId,
            ...cause,
            data: {
              ...facts,
              carrier: shipment.carrier,
              service: shipment.service,
              trackingNumber: shipment.trackingNumber,
              estimatedDelivery: shipment.estimatedDelivery.toISOString(),
              createdAt: shipment.createdAt.toISOString(),
            },
          }),
          newEvent(ShipmentStatusChanged, {
            aggregateId: orderId,
            ...cause,
            data: { ...facts, previous: null, status: 'LABEL_CREATED', location: rateCard.origin, occurredAt: shipment.createdAt.toISOString() },
          }),
        ]);
        return { kind: 'created', shipment };
      });
    },

    /**
     * Reacts to a cancelled order. The cancellation is always remembered (so a late
     * ShipmentRequested ships nothing); a shipment whose label is not yet handed over is
     * cancelled at the carrier and becomes CANCELLED; anything further along stays.
     */
    cancelForOrder(
      cancellation: { orderId: string; customerId: string; reason: string; cancelledAt: Date },
      trigger?: Trigger,
    ): Promise<CancelOutcome | AlreadyProcessed> {
      return transact(dataSource, trigger, async (manager): Promise<CancelOutcome> => {
        const { orderId } = cancellation;
        // The upsert locks the order's row, as create() does, so the two never interleave.
        await manager.query(
          `insert into order_refs (order_id, customer_id, cancelled_at, cancel_reason) values ($1, $2, $3, $4)
           on conflict (order_id) do update
              set cancelled_at = coalesce(order_refs.cancelled_at, excluded.cancelled_at),
                  cancel_reason = coalesce(order_refs.cancel_reason, excluded.cancel_reason)`,
          [orderId, cancellation.customerId, cancellation.cancelledAt, cancellation.reason.slice(0, 500)],
        );
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
        // even if the database clock (which dated the label) runs a little ahead of ours.
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
