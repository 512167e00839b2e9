import { addBusinessDays } from '@commerce/shipping-rates';
import { isTrackingNumber, trackingNumberFor } from '../domain/tracking-number.ts';
import type { CancelResult, CarrierPort, CarrierShipment, CreateShipmentRequest } from '../carrier/port.ts';

export interface SandboxCarrierOptions {
  /** The carrier's clock (tests pin it). */
  now?: () => Date;
  labelBaseUrl?: string;
  /** How many idempotency keys are remembered (default 10 000). */
  rememberKeys?: number;
}

/**
 * A deterministic stand-in for the real carriers: no network, every label succeeds.
 * Tracking numbers derive from the idempotency key, so a retried create (here, on another
 * replica, or after a restart) yields the same number; within a process the first answer
 * for a key is remembered whole, as a carrier's idempotency store would. Shipments then move
 * on through the sandbox carrier worker (carrier-worker.ts), which plays the carrier's scans.
 */
export function createSandboxCarrier(options: SandboxCarrierOptions = {}): CarrierPort {
  const now = options.now ?? (() => new Date());
  const labelBaseUrl = options.labelBaseUrl ?? 'https://sandbox-carrier.commerce.local/labels';
  const created = new Map<string, CarrierShipment>();
  // Retries come within seconds; past this many keys the oldest are forgotten (and would
  // still get their old tracking number, only with a fresh delivery estimate).
  const remembered = options.rememberKeys ?? 10_000;

  return {
    async createShipment(request: CreateShipmentRequest): Promise<CarrierShipment> {
      const known = created.get(request.idempotencyKey);
      if (known) return known;
      const trackingNumber = trackingNumberFor(request.carrier, request.service, request.idempotencyKey);
      const shipment: CarrierShipment = {
        carrier: request.carrier,
        service: request.service,
        trackingNumber,
        labelUrl: `${labelBaseUrl}/${request.carrier.toLowerCase()}/${trackingNumber}.pdf`,
        estimatedDelivery: addBusinessDays(now(), request.estimatedDays),
      };
      created.set(request.idempotencyKey, shipment);
      if (created.size > remembered) created.delete(created.keys().next().value ?? '');
      return shipment;
    },

    async cancelShipment(carrier, trackingNumber): Promise<CancelResult> {
      if (!isTrackingNumber(carrier, trackingNumber)) {
        return { cancelled: false, reason: `${trackingNumber} is not a ${carrier} tracking number.` };
      }
      return { cancelled: true };
    },
  };
}
