import { z } from 'zod';
import { isCountry, isId } from '@commerce/domain-kit';
import { SERVICES } from '@commerce/shipping-rates';
import { SHIPMENT_STATUSES } from './tracking.ts';

export const isShipmentId = (value: string) => isId('shp', value);

export const shippingQuoteInput = z.object({
  address: z.object({
    country: z
      .string()
      .trim()
      .toUpperCase()
      .refine(isCountry, 'must be an ISO 3166-1 alpha-2 country code such as NL, DE or US'),
    postalCode: z.string().trim().min(1, 'must not be empty').max(20, 'must be at most 20 characters'),
  }),
  lines: z
    .array(
      z.object({
        variantId: z.string().min(1, 'must not be empty'),
        quantity: z.number().int('must be a whole number').min(1, 'must be at least 1').max(1000, 'must be at most 1000'),
        weightGrams: z.number().int('must be whole grams').min(0, 'must not be negative').max(1_000_000, 'must be at most 1000000'),
      }),
    )
    .min(1, 'must hold at least one line')
    .max(100, 'must hold at most 100 lines'),
  service: z.enum(SERVICES).nullish(),
});
export type ShippingQuoteInput = z.infer<typeof shippingQuoteInput>;

// Cancellation is not a carrier scan: it follows the order (cancelOrder), which also
// compensates stock and payment; recording it here would leave the order confirmed.
const scanStatus = z
  .enum(SHIPMENT_STATUSES)
  .refine((status) => status !== 'CANCELLED', 'cannot be CANCELLED; cancel the order instead');

export const recordTrackingEventArgs = z.object({
  shipmentId: z.string().refine(isShipmentId, 'must be a shipment id such as shp_01JD3ZK5W7Y8X9Q2R3S4T5V6W7'),
  input: z.object({
    status: scanStatus,
    location: z.string().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters'),
    occurredAt: z.iso
      .datetime({ offset: true, message: 'must be an ISO 8601 date-time such as 2030-01-31T14:05:00Z' })
      .transform((value) => new Date(value))
      .nullish(),
  }),
});
export type RecordTrackingEventArgs = z.infer<typeof recordTrackingEventArgs>;
export type TrackingEventInput = RecordTrackingEventArgs['input'];
