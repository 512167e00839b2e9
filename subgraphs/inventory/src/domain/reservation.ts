/**
 * RESERVED → RELEASED | COMMITTED | EXPIRED. FAILED records an order whose reservation was
 * refused, so a second OrderPlaced for it (a retry upstream) is a no-op rather than a
 * late reservation for an order that has been cancelled meanwhile.
 */
export const RESERVATION_STATUSES = ['RESERVED', 'RELEASED', 'COMMITTED', 'EXPIRED', 'FAILED'] as const;
export type ReservationStatus = (typeof RESERVATION_STATUSES)[number];

export type ReservationAction = 'release' | 'commit' | 'expire';

const TRANSITIONS: Record<ReservationAction, ReservationStatus> = {
  release: 'RELEASED',
  commit: 'COMMITTED',
  expire: 'EXPIRED',
};

/**
 * The status an action leads to, or undefined when the action does not apply: only a
 * held reservation can be released, committed or expired, so late and duplicate events
 * (a shipment after a cancellation, a second cancellation) change nothing.
 */
export function nextStatus(status: ReservationStatus, action: ReservationAction): ReservationStatus | undefined {
  return status === 'RESERVED' ? TRANSITIONS[action] : undefined;
}

/** A held reservation is due to expire once its deadline has passed; one without a deadline never is. */
export function isDue(reservation: { status: ReservationStatus; expiresAt: Date | null }, now: Date): boolean {
  return reservation.status === 'RESERVED' && reservation.expiresAt !== null && reservation.expiresAt.getTime() <= now.getTime();
}
