import type { Money } from '@commerce/domain-kit';
import { isCountry } from '@commerce/domain-kit';

export const SERVICES = ['STANDARD', 'EXPRESS'] as const;
export type Service = (typeof SERVICES)[number];

export const CARRIERS = ['PostNL', 'DHL', 'UPS'] as const;
export type CarrierName = (typeof CARRIERS)[number];

/** What one carrier charges for one service into one zone. */
export interface ServiceRate {
  /** Transit time in business days. */
  days: number;
  /** Minor units, one per weight band of the card (same order). */
  prices: readonly number[];
  /** Minor units per started kilogram above the heaviest band. */
  extraPerKg: number;
}

export interface CarrierRates {
  name: CarrierName;
  /** Public tracking page; {trackingNumber}, {country} and {postalCode} are filled in. */
  trackingUrl: string;
  /** Where the carrier's parcels sort; the sandbox carrier reports it while in transit. */
  hub: string;
  /** By zone name, then service; a missing entry means the carrier does not offer it there. */
  rates: Readonly<Record<string, Partial<Record<Service, ServiceRate>>>>;
}

export interface Zone {
  name: string;
  /** ISO 3166-1 alpha-2 codes, or REST for every country no earlier zone lists. */
  countries: readonly string[] | 'REST';
}

/** The shipping rules: zones, weight bands, carriers and their prices (see config/rate-card.ts). */
export interface RateCard {
  currency: string;
  /** Inclusive upper bounds in grams, ascending. */
  weightBandsGrams: readonly number[];
  /** Nothing heavier ships as one consignment. */
  maxWeightGrams: number;
  /** Assumed per unit when an order line carries no weight (older catalog events have none). */
  defaultItemWeightGrams: number;
  /** Where labels are printed: the first tracking event's location. */
  origin: string;
  zones: readonly Zone[];
  carriers: readonly CarrierRates[];
}

export interface QuoteLine {
  quantity: number;
  weightGrams?: number | null;
}

export interface QuoteRequest {
  country: string;
  lines: readonly QuoteLine[];
  /** Only rates of this service; every service when absent. */
  service?: Service | null;
}

export interface Rate {
  carrier: CarrierName;
  service: Service;
  price: Money;
  estimatedDays: number;
}

export type QuoteRefusal =
  | { ok: false; reason: 'UNKNOWN_COUNTRY'; message: string }
  | { ok: false; reason: 'TOO_HEAVY'; message: string }
  | { ok: false; reason: 'NO_CARRIER'; message: string };

export type Quote = { ok: true; zone: string; weightGrams: number; rates: Rate[] } | QuoteRefusal;

/** The zone a country ships in, or undefined when the code is not a country. */
export function zoneOf(card: RateCard, country: string): string | undefined {
  const code = country.trim().toUpperCase();
  if (!isCountry(code)) return undefined;
  return card.zones.find((zone) => zone.countries === 'REST' || zone.countries.includes(code))?.name;
}

/** The weight of all lines together, in grams. */
export function totalWeight(card: RateCard, lines: readonly QuoteLine[]): number {
  return lines.reduce((sum, line) => sum + line.quantity * (line.weightGrams ?? card.defaultItemWeightGrams), 0);
}

/** The price of one service rate for a weight: its band's price, plus a per-kg surcharge above the heaviest band. */
export function priceOf(card: RateCard, rate: ServiceRate, weightGrams: number): number {
  const band = card.weightBandsGrams.findIndex((upTo) => weightGrams <= upTo);
  if (band >= 0) return rate.prices[band] ?? unpriced(band);
  const heaviest = card.weightBandsGrams.length - 1;
  const above = weightGrams - (card.weightBandsGrams[heaviest] ?? 0);
  return (rate.prices[heaviest] ?? unpriced(heaviest)) + Math.ceil(above / 1000) * rate.extraPerKg;
}

function unpriced(band: number): never {
  throw new Error(`the rate card has no price for weight band ${band}`);
}

const byPrice = (a: Rate, b: Rate) =>
  a.price.amount - b.price.amount ||
  a.estimatedDays - b.estimatedDays ||
  a.carrier.localeCompare(b.carrier) ||
  a.service.localeCompare(b.service);

/**
 * Every carrier's rate for a parcel of these lines to this country, cheapest first (then
 * fastest). Refuses countries that are not ISO 3166-1 codes and parcels above the maximum.
 */
export function quote(card: RateCard, request: QuoteRequest): Quote {
  const zone = zoneOf(card, request.country);
  if (!zone) {
    return { ok: false, reason: 'UNKNOWN_COUNTRY', message: `${request.country} is not an ISO 3166-1 alpha-2 country code we ship to.` };
  }
  const weightGrams = totalWeight(card, request.lines);
  if (weightGrams > card.maxWeightGrams) {
    return {
      ok: false,
      reason: 'TOO_HEAVY',
      message: `The lines weigh ${weightGrams / 1000} kg together; one shipment may weigh at most ${card.maxWeightGrams / 1000} kg.`,
    };
  }
  const rates: Rate[] = [];
  for (const carrier of card.carriers) {
    const offered = carrier.rates[zone] ?? {};
    for (const service of SERVICES) {
      const rate = offered[service];
      if (!rate || (request.service && request.service !== service)) continue;
      rates.push({
        carrier: carrier.name,
        service,
        price: { amount: priceOf(card, rate, weightGrams), currency: card.currency },
        estimatedDays: rate.days,
      });
    }
  }
  return { ok: true, zone, weightGrams, rates: rates.sort(byPrice) };
}

/** The cheapest carrier for one service, or a refusal when no carrier can take the parcel. */
export function cheapestRate(
  card: RateCard,
  request: QuoteRequest & { service: Service },
): { ok: true; rate: Rate; zone: string; weightGrams: number } | QuoteRefusal {
  const result = quote(card, request);
  if (!result.ok) return result;
  const [rate] = result.rates;
  if (!rate) {
    return { ok: false, reason: 'NO_CARRIER', message: `No carrier offers ${request.service} shipping to ${request.country}.` };
  }
  return { ok: true, rate, zone: result.zone, weightGrams: result.weightGrams };
}

/** The public tracking page of a shipment, from its carrier's template. */
export function trackingUrlOf(
  card: RateCard,
  shipment: { carrier: string; trackingNumber: string; address: { country: string; postalCode: string } },
): string {
  const template = card.carriers.find((carrier) => carrier.name === shipment.carrier)?.trackingUrl;
  if (!template) return '';
  const fill: Record<string, string> = {
    trackingNumber: shipment.trackingNumber,
    country: shipment.address.country,
    postalCode: shipment.address.postalCode.replace(/\s+/g, ''),
  };
  return template.replace(/\{(\w+)\}/g, (_, key: string) => encodeURIComponent(fill[key] ?? ''));
}

/**
 * `days` business days after `from` (weekends skipped), at 18:00 UTC: the end of the
 * delivery day, so an estimate never reads as earlier than the carrier promised.
 */
export function addBusinessDays(from: Date, days: number): Date {
  const date = new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), from.getUTCDate(), 18));
  let left = days;
  while (left > 0) {
    date.setUTCDate(date.getUTCDate() + 1);
    const weekday = date.getUTCDay();
    if (weekday !== 0 && weekday !== 6) left -= 1;
  }
  return date;
}

/** Problems with a rate card (empty when it is usable); checked by a unit test and at start-up. */
export function rateCardProblems(card: RateCard): string[] {
  const problems: string[] = [];
  const bands = card.weightBandsGrams;
  if (bands.length === 0) problems.push('there are no weight bands');
  if (bands.some((upTo, i) => i > 0 && upTo <= (bands[i - 1] ?? 0))) problems.push('weight bands are not ascending');
  const rest = card.zones.filter((zone) => zone.countries === 'REST');
  if (rest.length !== 1 || card.zones.at(-1)?.countries !== 'REST') problems.push('exactly one zone, the last, must cover the REST');
  const listed = card.zones.flatMap((zone) => (zone.countries === 'REST' ? [] : zone.countries));
  for (const code of listed) if (!isCountry(code)) problems.push(`${code} is not a country code`);
  for (const code of new Set(listed)) if (listed.indexOf(code) !== listed.lastIndexOf(code)) problems.push(`${code} is in two zones`);
  for (const carrier of card.carriers) {
    for (const [zone, services] of Object.entries(carrier.rates)) {
      if (!card.zones.some((z) => z.name === zone)) problems.push(`${carrier.name} prices an unknown zone ${zone}`);
      for (const [service, rate] of Object.entries(services)) {
        const where = `${carrier.name} ${zone} ${service}`;
        if (rate.prices.length !== bands.length) problems.push(`${where} has ${rate.prices.length} prices for ${bands.length} bands`);
        if (rate.prices.some((price, i) => !Number.isSafeInteger(price) || price <= 0 || (i > 0 && price < (rate.prices[i - 1] ?? 0)))) {
          problems.push(`${where} prices must be positive whole minor units, not falling with weight`);
        }
        if (!Number.isInteger(rate.days) || rate.days < 1) problems.push(`${where} must take at least one day`);
      }
    }
  }
  for (const zone of card.zones) {
    for (const service of SERVICES) {
      if (!card.carriers.some((carrier) => carrier.rates[zone.name]?.[service])) problems.push(`no carrier offers ${service} in ${zone.name}`);
    }
  }
  return problems;
}
