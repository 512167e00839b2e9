import { ShipmentCreated, ShipmentDelivered, ShipmentStatusChanged, newEvent, type EventEnvelope } from '@commerce/events';
import type { Money } from '@commerce/domain-kit';
import type { CarrierName, Service } from '@commerce/shipping-rates';
import { ShippingError } from './errors.ts';
import type { PostalAddress, Shipment } from './shipment.ts';
import { occurredAtProblem, sandboxStep, transition, type ShipmentStatus } from './tracking.ts';

/** How events a change emits link back to what caused it (docs/events.md#envelope). */
export interface Cause {
  correlationId?: string;
  causationId?: string;
}

/** One scan: the status a shipment moves to, where and when. */
export interface Scan {
  status: ShipmentStatus;
  /** None for a cancellation. */
  location: string | null;
  occurredAt: Date;
}

/**
 * A shipment moving to a new status: the shipment as it was (the store applies the change only
 * while it still is), the scan to record, and ShipmentStatusChanged (plus ShipmentDelivered on
 * delivery).
 */
export interface StatusChange {
  shipment: Shipment;
  scan: Scan;
  events: EventEnvelope[];
}

/** The events of a shipment's move to `scan.status`, keyed by its order. */
export function changeStatus(shipment: Shipment, scan: Scan, cause: Cause): StatusChange {
  const facts = { orderId: shipment.orderId, shipmentId: shipment.id, customerId: shipment.customerId };
  const occurredAt = scan.occurredAt.toISOString();
  const events = [
    newEvent(ShipmentStatusChanged, {
      aggregateId: shipment.orderId,
      ...cause,
      data: { ...facts, previous: shipment.status, status: scan.status, location: scan.location, occurredAt },
    }),
    ...(scan.status === 'DELIVERED'
      ? [newEvent(ShipmentDelivered, { aggregateId: shipment.orderId, ...cause, data: { ...facts, deliveredAt: occurredAt } })]
      : []),
  ];
  return { shipment, scan, events };
}

/** What a carrier made for an order: the label, and the rate it was chosen at. */
export interface Label {
  carrier: CarrierName;
  service: Service;
  trackingNumber: string;
  labelUrl: string;
  estimatedDelivery: Date;
  weightGrams: number;
  price: Money;
}

/** A new shipment (LABEL_CREATED at `origin`) with ShipmentCreated and its first ShipmentStatusChanged. */
export function createShipment(
  order: { orderId: string; customerId: string; address: PostalAddress },
  label: Label,
  at: { id: string; createdAt: Date; origin: string },
  cause: Cause,
): { shipment: Shipment; scan: Scan; events: EventEnvelope[] } {
  const { orderId, customerId, address } = order;
  const facts = { orderId, shipmentId: at.id, customerId };
  const createdAt = at.createdAt.toISOString();
  const shipment: Shipment = {
    id: at.id,
    orderId,
    customerId,
    carrier: label.carrier,
    service: label.service,
    trackingNumber: label.trackingNumber,
    labelUrl: label.labelUrl,
    status: 'LABEL_CREATED',
    address,
    weightGrams: label.weightGrams,
    price: label.price,
    estimatedDelivery: label.estimatedDelivery,
    correlationId: cause.correlationId ?? null,
    createdAt: at.createdAt,
    updatedAt: at.createdAt,
  };
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
        createdAt,
      },
    }),
    newEvent(ShipmentStatusChanged, {
      aggregateId: orderId,
      ...cause,
      data: { ...facts, previous: null, status: 'LABEL_CREATED', location: at.origin, occurredAt: createdAt },
    }),
  ];
  return { shipment, scan: { status: 'LABEL_CREATED', location: at.origin, occurredAt: at.createdAt }, events };
}

export type CancellationStep =
  /** No shipment yet: the remembered cancellation is all there is to do. */
  | { kind: 'remembered' }
  /** Cancelled before (a duplicate OrderCancelled). */
  | { kind: 'unchanged'; shipmentId: string; status: ShipmentStatus }
  /** The parcel is already on its way: the shipment stays. */
  | { kind: 'kept'; shipmentId: string; status: ShipmentStatus; reason: string }
  /** The label is not handed over yet: the carrier is asked to cancel it. */
  | { kind: 'cancel'; shipment: Shipment };

/** What a cancelled order means for its shipment, if it has one. */
export function cancellationStep(shipment: Shipment | undefined): CancellationStep {
  if (!shipment) return { kind: 'remembered' };
  const step = transition(shipment.status, 'CANCELLED');
  if (step.kind === 'duplicate') return { kind: 'unchanged', shipmentId: shipment.id, status: shipment.status };
  if (step.kind === 'illegal') return { kind: 'kept', shipmentId: shipment.id, status: shipment.status, reason: step.message };
  return { kind: 'cancel', shipment };
}

/** The cancellation of a shipment the carrier has cancelled, dated `now`. */
export const cancelShipment = (shipment: Shipment, now: Date, cause: Cause): StatusChange =>
  changeStatus(shipment, { status: 'CANCELLED', location: null, occurredAt: now }, cause);

/**
 * Whether an admin's scan moves the shipment: false when it repeats the current status (nothing
 * to record); a CONFLICT (ShippingError) for a move the state machine forbids.
 */
export function acceptScan(shipment: Shipment, status: ShipmentStatus): boolean {
  const step = transition(shipment.status, status);
  if (step.kind === 'illegal') throw new ShippingError('CONFLICT', step.message);
  return step.kind === 'changed';
}

/**
 * The change of a scan acceptScan accepted, dated as reported; a refusal (ShippingError) for a
 * time in the future or before the shipment's latest scan. Without a reported time the scan
 * happens now, which is never before the latest one, even if the clock that dated it (another
 * replica's, which dated the label) runs a little ahead of ours.
 */
export function recordScan(
  shipment: Shipment,
  input: { status: ShipmentStatus; location: string; occurredAt?: Date | null | undefined },
  latest: Date | undefined,
  now: Date,
): StatusChange {
  const occurredAt = input.occurredAt ?? (latest && latest > now ? latest : now);
  const problem = occurredAtProblem(occurredAt, latest, now);
  if (problem) throw new ShippingError(problem.code, problem.message, [{ field: 'input.occurredAt', message: problem.message }]);
  return changeStatus(shipment, { status: input.status, location: input.location, occurredAt }, causeOfScan(shipment));
}

/** A scan no event causes carries the order saga's correlation id the shipment was made with. */
const causeOfScan = (shipment: Shipment): Cause => (shipment.correlationId ? { correlationId: shipment.correlationId } : {});

/**
 * The sandbox carrier's next scan of a shipment on its way (see sandboxStep), never dated
 * before its latest scan, even one an admin dated a little ahead of our clock; undefined when
 * it has none.
 */
export function sandboxScan(shipment: Shipment, hub: string, latest: Date | undefined, now: Date): StatusChange | undefined {
  const next = sandboxStep(shipment.status, { hub, city: shipment.address.city, country: shipment.address.country });
  if (!next || transition(shipment.status, next.status).kind !== 'changed') return undefined;
  const occurredAt = latest && latest > now ? latest : now;
  return changeStatus(shipment, { ...next, occurredAt }, causeOfScan(shipment));
}
