import { z } from 'zod';
import { isCountry } from './countries.ts';

const text = (max: number) => z.string().trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`);
/** Optional free text, trimmed and bounded; empty or absent becomes null. */
export const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `must be at most ${max} characters`)
    .nullish()
    .transform((value) => (value ? value : null));

/** A phone number as people type it; null when absent. */
export const phoneInput = z
  .string()
  .trim()
  .regex(/^\+?[0-9 ()-]{6,20}$/, 'must be a phone number such as +44 20 7946 0958')
  .nullish()
  .transform((value) => value ?? null);

/**
 * The rules of a postal address, shared by saved addresses (customers) and order addresses
 * (orders), so any saved address can be shipped to. The country must be an assigned ISO code.
 */
export const postalAddressFields = {
  label: optionalText(50),
  recipient: text(200),
  line1: text(200),
  line2: optionalText(200),
  city: text(100),
  region: optionalText(100),
  postalCode: z
    .string()
    .trim()
    .min(2, 'must be at least 2 characters')
    .max(16, 'must be at most 16 characters')
    .regex(/^[A-Za-z0-9 -]+$/, 'must be letters, digits, spaces or hyphens'),
  country: z
    .string()
    .trim()
    .transform((value) => value.toUpperCase())
    .refine(isCountry, 'must be an ISO 3166-1 alpha-2 country code such as NL'),
  phone: phoneInput,
};
