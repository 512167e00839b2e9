import type { PostalAddress } from '@commerce/events';
import { newId } from '@commerce/service-kit';
import { cheapestRate, type QuoteLine, type RateCard, type Service } from '@commerce/shipping-rates';
import type { CarrierPort } from '../carrier/port.ts';
import { ShippingError } from '../domain/errors.ts';
import type { Shipment } from '../domain/shipment.ts';
import { acceptScan, cancelShipment, cancellationStep, createShipment, recordScan, sandboxScan } from '../domain/shipment-changes.ts';
import type { ShipmentStatus } from '../domain/tracking.ts';
import type { TrackingEventInput } from '../domain/validation.ts';
import type { Cancellation, CancellationStore } from '../store/cancellation-store.ts';
import type { CreateOutcome, ShipmentStore } from '../store/shipment-store.ts';
import { ALREADY_PROCESSED, causeOf, type AlreadyProcessed, type Trigger } from '../store/transaction.ts';

export type { CreateOutcome, OrderShipments } from '../store/shipment-store.ts';

export interface ShipmentRequest {
  orderId: string;
  customerId: string;
  service: Service;
  address: PostalAddress;
  lines: readonly QuoteLine[];
}

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

/*
 * A carrier call never sits inside a database transaction (a slow carrier would hold the
 * order's and the shipment's locks, and a pool connection, for as long as it takes): each use
 * case reads, asks the carrier, then applies the change in one statement that re-checks what
 * it was decided on. The carrier is idempotent (by order id for a label, by tracking number for
 * a cancellation), so a retry after a failed write asks again and gets the same answer.
 */

/**
 * Shipping's use cases over its stores and the carrier (a port): shipping orders, cancelling
 * their shipments, recording scans; plus the reads the resolvers batch.
 */
export function createShipmentService(deps: { stores: { shipments: ShipmentStore; cancellations: CancellationStore }; carrier: CarrierPort; rateCard: RateCard }) {
  const { carrier, rateCard } = deps;
  const { shipments, cancellations } = deps.stores;

  /** The outcome of a cancellation that needs no other write than its inbox row. */
  async function settled<T extends CancelOutcome>(outcome: T, trigger: Trigger | undefined): Promise<T | AlreadyProcessed> {
    return (await cancellations.claim(trigger)) ? outcome : ALREADY_PROCESSED;
  }

  return {
    /**
     * Ships an order: the cheapest carrier for the requested service, zone and weight makes a
     * label, and the shipment starts as LABEL_CREATED with ShipmentCreated and
     * ShipmentStatusChanged (see ShipmentStore.insert for how duplicates and cancellations are
     * found). An order no carrier takes is refused (BAD_USER_INPUT) unless the request is a
     * no-op anyway, and leaves nothing behind.
     *
     * A request that turns out to be a no-op (a duplicate, a cancelled order) has asked the
     * sandbox carrier, which is in-process and only remembers its answer, for a label it never
     * uses; a carrier behind a network would want a plain lookup first.
     */
    async create(request: ShipmentRequest, trigger?: Trigger): Promise<CreateOutcome | AlreadyProcessed> {
      const { orderId, customerId, service, address } = request;
      const choice = cheapestRate(rateCard, { country: address.country, lines: request.lines, service });
      if (!choice.ok) {
        const outcome = await shipments.settledRequest(orderId, customerId, trigger);
        if (!outcome) throw new ShippingError('BAD_USER_INPUT', `Order ${orderId} cannot be shipped: ${choice.message}`);
        return outcome;
      }
      const label = await carrier.createShipment({
        idempotencyKey: orderId,
        carrier: choice.rate.carrier,
        service,
        address,
        weightGrams: choice.weightGrams,
        estimatedDays: choice.rate.estimatedDays,
      });
      // Our clock dates the label (the events carry the time, and are built before the statement).
      const created = createShipment(
        { orderId, customerId, address },
        { ...label, weightGrams: choice.weightGrams, price: choice.rate.price },
        { id: newId('shp'), createdAt: new Date(), origin: rateCard.origin },
        causeOf(trigger),
      );
      return shipments.insert(created, trigger);
    },

    /**
     * Reacts to a cancelled order. The cancellation is always remembered (so a late
     * ShipmentRequested ships nothing); a shipment whose label is not yet handed over is
     * cancelled at the carrier and becomes CANCELLED; anything further along stays.
     *
     * An order shipping has not heard of (the usual case: cancelled before it was confirmed)
     * takes one statement. Otherwise the cancellation is remembered and committed first, then
     * the shipment is read, the carrier asked, and the change applied with the inbox row only
     * if the shipment is still where it was read (a sandbox round or an admin's scan may have
     * moved it meanwhile: it then stays). A crash before that leaves the event unapplied, and
     * its redelivery goes through the same steps again.
     */
    async cancelForOrder(cancellation: Cancellation, trigger?: Trigger): Promise<CancelOutcome | AlreadyProcessed> {
      const cancel = { ...cancellation, reason: cancellation.reason.slice(0, 500) };
      const fast = await cancellations.rememberIfUnknown(cancel, trigger);
      if (fast === 'remembered') return { kind: 'remembered' };
      if (fast !== 'known') return fast;
      await cancellations.remember(cancel);
      const step = cancellationStep(await shipments.findByOrder(cancel.orderId));
      if (step.kind !== 'cancel') return settled(step, trigger);
      const { shipment } = step;
      const result = await carrier.cancelShipment(shipment.carrier, shipment.trackingNumber);
      if (!result.cancelled) return settled({ kind: 'kept', shipmentId: shipment.id, status: shipment.status, reason: result.reason }, trigger);
      const applied = await shipments.applyIfUnchanged(cancelShipment(shipment, new Date(), causeOf(trigger)), trigger);
      if (!applied.claimed) return ALREADY_PROCESSED;
      if (applied.shipment) return { kind: 'cancelled', shipmentId: shipment.id };
      // It moved on while the carrier was asked; the inbox row is claimed, the outcome is what it is now.
      const now = cancellationStep(await shipments.findByOrder(cancel.orderId));
      if (now.kind === 'unchanged' || now.kind === 'kept') return now;
      throw new Error(`the shipment of order ${cancel.orderId} neither changed nor moved on`);
    },

    /**
     * Records a carrier scan (admin). A repeat of the current status changes nothing; a
     * transition the state machine forbids is a CONFLICT, as is a scan older than the
     * shipment's latest one. Returns the shipment as it is afterwards.
     */
    recordTrackingEvent(shipmentId: string, input: TrackingEventInput, now = new Date()): Promise<Shipment> {
      return shipments.transaction(async (locked) => {
        const shipment = await locked.lock(shipmentId);
        if (!shipment) throw new ShippingError('NOT_FOUND', `No shipment has the id ${shipmentId}.`);
        if (!acceptScan(shipment, input.status)) return shipment;
        const latest = (await locked.latestScans([shipment.id])).get(shipment.id);
        return locked.apply(recordScan(shipment, input, latest, now));
      });
    },

    /**
     * The sandbox carrier's scan round: moves up to `limit` shipments still on their way one
     * step on (see sandboxScan), the ones waiting longest first, skipping any whose status
     * changed less than `minAgeMs` ago. Rows another replica (or a scan) holds are skipped,
     * never waited for, so replicas share the work and never step a shipment twice.
     */
    advanceSandbox(options: { limit: number; minAgeMs: number; createdAfter?: Date | undefined }): Promise<Advanced[]> {
      return shipments.transaction(async (locked) => {
        const due = await locked.lockDue(options);
        const latest = await locked.latestScans(due.map((shipment) => shipment.id));
        const advanced: Advanced[] = [];
        for (const shipment of due) {
          const hub = rateCard.carriers.find((c) => c.name === shipment.carrier)?.hub ?? `${shipment.carrier} hub`;
          const change = sandboxScan(shipment, hub, latest.get(shipment.id), new Date());
          if (!change) continue;
          await locked.apply(change);
          advanced.push({ shipmentId: shipment.id, orderId: shipment.orderId, from: shipment.status, to: change.scan.status });
        }
        return advanced;
      });
    },

    findByIds: shipments.findByIds,
    byOrders: shipments.byOrders,
    trackingEventsOf: shipments.trackingEventsOf,
  };
}
export type ShipmentService = ReturnType<typeof createShipmentService>;
