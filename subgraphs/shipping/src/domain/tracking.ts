import { SHIPMENT_STATUSES } from '@commerce/events';

export { SHIPMENT_STATUSES };
export type ShipmentStatus = (typeof SHIPMENT_STATUSES)[number];

/**
 * Where a shipment may go from each status. The happy path is one step at a time, so the
 * order saga always sees IN_TRANSIT (its SHIPPED) before DELIVERED; a missed "out for
 * delivery" scan may go straight to DELIVERED. EXCEPTION (damaged, address problem, failed
 * attempt) returns to IN_TRANSIT once resolved. DELIVERED and CANCELLED are final, and only
 * a label that has not been handed over yet can be cancelled.
 */
const NEXT: Readonly<Record<ShipmentStatus, readonly ShipmentStatus[]>> = {
  LABEL_CREATED: ['IN_TRANSIT', 'EXCEPTION', 'CANCELLED'],
  IN_TRANSIT: ['OUT_FOR_DELIVERY', 'DELIVERED', 'EXCEPTION'],
  OUT_FOR_DELIVERY: ['DELIVERED', 'EXCEPTION'],
  EXCEPTION: ['IN_TRANSIT'],
  DELIVERED: [],
  CANCELLED: [],
};

export const FINAL_STATUSES: readonly ShipmentStatus[] = ['DELIVERED', 'CANCELLED'];

export type Transition =
  | { kind: 'changed'; from: ShipmentStatus; to: ShipmentStatus }
  /** The shipment already has this status: nothing to record (a redelivered scan or a retried request). */
  | { kind: 'duplicate'; status: ShipmentStatus }
  | { kind: 'illegal'; message: string };

/** Whether a shipment in `current` may move to `next`. */
export function transition(current: ShipmentStatus, next: ShipmentStatus): Transition {
  if (current === next) return { kind: 'duplicate', status: current };
  if (NEXT[current].includes(next)) return { kind: 'changed', from: current, to: next };
  if (FINAL_STATUSES.includes(current)) {
    return { kind: 'illegal', message: `The shipment is ${current}, which is final; it cannot become ${next}.` };
  }
  return {
    kind: 'illegal',
    message: `A shipment cannot go from ${current} to ${next}; from ${current} it can become ${NEXT[current].join(', ')}.`,
  };
}

/** Statuses the sandbox carrier moves on: everything not final. */
export const ACTIVE_STATUSES: readonly ShipmentStatus[] = SHIPMENT_STATUSES.filter((status) => !FINAL_STATUSES.includes(status));

/**
 * The sandbox carrier's next scan for a shipment, one step along LABEL_CREATED → IN_TRANSIT
 * → OUT_FOR_DELIVERY → DELIVERED; an EXCEPTION is resolved back into transit. Locations are
 * what a carrier would report: its hub, then the destination's depot, then the address.
 */
export function sandboxStep(
  status: ShipmentStatus,
  where: { hub: string; city: string; country: string },
): { status: ShipmentStatus; location: string } | undefined {
  switch (status) {
    case 'LABEL_CREATED':
    case 'EXCEPTION':
      return { status: 'IN_TRANSIT', location: where.hub };
    case 'IN_TRANSIT':
      return { status: 'OUT_FOR_DELIVERY', location: `${where.city} delivery depot` };
    case 'OUT_FOR_DELIVERY':
      return { status: 'DELIVERED', location: `${where.city}, ${where.country}` };
    default:
      return undefined;
  }
}

/** How far a reported scan time may lie ahead of our clock (carriers' clocks drift). */
export const MAX_CLOCK_SKEW_MS = 5 * 60_000;

/**
 * Why a tracking event's time cannot be recorded, or undefined when it can: not in the
 * future (bad input), and not before the shipment's latest event (a conflict with the
 * history, which stays in order).
 */
export function occurredAtProblem(
  occurredAt: Date,
  latest: Date | undefined,
  now: Date,
): { code: 'BAD_USER_INPUT' | 'CONFLICT'; message: string } | undefined {
  if (occurredAt.getTime() > now.getTime() + MAX_CLOCK_SKEW_MS) {
    return { code: 'BAD_USER_INPUT', message: 'occurredAt lies in the future.' };
  }
  if (latest && occurredAt.getTime() < latest.getTime()) {
    return { code: 'CONFLICT', message: `occurredAt is before the shipment's latest tracking event (${latest.toISOString()}).` };
  }
  return undefined;
}
