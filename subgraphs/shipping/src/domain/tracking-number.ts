import { createHash } from 'node:crypto';
import type { CarrierName, Service } from '@commerce/shipping-rates';

/**
 * Tracking numbers in each carrier's format, derived from an idempotency key: the same key
 * always yields the same number (so replicas and restarts agree without shared state), and
 * 60+ bits of SHA-256 make two keys colliding negligible (the unique index on shipments is
 * the last line). Each ends in its carrier's check digit, so malformed numbers are caught.
 *   PostNL  3SCMRC + 18 digits + Luhn digit                          3SCMRC0923959638135785021
 *   DHL     JJD + 19 digits + Luhn digit                             JJD23020343735289567966
 *   UPS     1Z + service (01 express, 03 standard) + 13 base-36
 *           + UPS check digit                                        1Z03X9RKUATIRHI3D3
 */
const FORMATS: Record<CarrierName, RegExp> = {
  PostNL: /^3SCMRC\d{19}$/,
  DHL: /^JJD\d{20}$/,
  UPS: /^1Z(?:01|03)[0-9A-Z]{13}\d$/,
};

const UPS_SERVICE_CODES: Record<Service, string> = { EXPRESS: '01', STANDARD: '03' };

function hashOf(carrier: CarrierName, key: string): bigint {
  return BigInt(`0x${createHash('sha256').update(`${carrier}:${key}`).digest('hex')}`);
}

/** The Luhn (mod 10) check digit of a digit string. */
export function luhnDigit(digits: string): string {
  let sum = 0;
  for (let i = 0; i < digits.length; i += 1) {
    // Doubling starts at the rightmost digit, which sits next to the check digit.
    let value = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 0) value = value * 2 > 9 ? value * 2 - 9 : value * 2;
    sum += value;
  }
  return String((10 - (sum % 10)) % 10);
}

/** UPS's check digit over the characters after "1Z": letters count as (code - 63) mod 10, even positions double. */
export function upsCheckDigit(body: string): string {
  let sum = 0;
  for (let i = 0; i < body.length; i += 1) {
    const char = body.charAt(i);
    const value = /\d/.test(char) ? Number(char) : (char.charCodeAt(0) - 63) % 10;
    sum += i % 2 === 1 ? value * 2 : value;
  }
  return String((10 - (sum % 10)) % 10);
}

/** The tracking number a carrier gives the shipment with this idempotency key. */
export function trackingNumberFor(carrier: CarrierName, service: Service, key: string): string {
  const hash = hashOf(carrier, key);
  switch (carrier) {
    case 'PostNL': {
      const digits = (hash % 10n ** 18n).toString().padStart(18, '0');
      return `3SCMRC${digits}${luhnDigit(digits)}`;
    }
    case 'DHL': {
      const digits = (hash % 10n ** 19n).toString().padStart(19, '0');
      return `JJD${digits}${luhnDigit(digits)}`;
    }
    case 'UPS': {
      const body = `${UPS_SERVICE_CODES[service]}${(hash % 36n ** 13n).toString(36).toUpperCase().padStart(13, '0')}`;
      return `1Z${body}${upsCheckDigit(body)}`;
    }
  }
}

/** True when `value` has the carrier's format and a correct check digit. */
export function isTrackingNumber(carrier: CarrierName, value: string): boolean {
  if (!FORMATS[carrier].test(value)) return false;
  const check = value.slice(-1);
  switch (carrier) {
    case 'PostNL':
      return luhnDigit(value.slice(6, -1)) === check;
    case 'DHL':
      return luhnDigit(value.slice(3, -1)) === check;
    case 'UPS':
      return upsCheckDigit(value.slice(2, -1)) === check;
  }
}
