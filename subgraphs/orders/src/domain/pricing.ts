import { SHIPPING_SERVICES } from '@commerce/events';
import { cheapestRate, rateCardProblems, type QuoteRefusal, type Rate, type RateCard } from '@commerce/shipping-rates';

export type ShippingService = (typeof SHIPPING_SERVICES)[number];
export { SHIPPING_SERVICES };

/**
 * How shipping is charged: the cheapest carrier's rate on the card shipping quotes from
 * (so the charge is what shippingQuote showed), less the store's one promotion.
 */
export interface ShippingPolicy {
  /** Prices in the store currency (deps.ts refuses any other card). */
  card: RateCard;
  /** STANDARD is free from this subtotal on (inclusive), in minor units. */
  freeStandardFrom: number;
}

/** 50.00 in a two-decimal currency. */
export const DEFAULT_FREE_STANDARD_FROM = 5000;

export interface PricedLine {
  unitPrice: number;
  quantity: number;
}

/** A line as shipping weighs it: a unit without a weight counts as the card's default item weight. */
export interface ShippedLine extends PricedLine {
  weightGrams: number | null;
}

export const lineTotal = (line: PricedLine) => line.unitPrice * line.quantity;

export const subtotalOf = (lines: readonly PricedLine[]) => lines.reduce((sum, line) => sum + lineTotal(line), 0);

export interface OrderTotals {
  subtotal: number;
  shippingTotal: number;
  total: number;
}

export interface ShippingRequest {
  /** ISO 3166-1 alpha-2 code of the shipping address. */
  country: string;
  lines: readonly ShippedLine[];
  service: ShippingService;
}

export type ShippingCharge = { ok: true; amount: number; rate: Rate } | QuoteRefusal;

/**
 * What the shopper pays for shipping: the cheapest rate for the service, or nothing for
 * STANDARD from the free-shipping subtotal. A parcel no carrier takes is refused even then.
 */
export function shippingCharge(policy: ShippingPolicy, request: ShippingRequest & { subtotal: number }): ShippingCharge {
  const cheapest = cheapestRate(policy.card, { country: request.country, lines: request.lines, service: request.service });
  if (!cheapest.ok) return cheapest;
  const free = request.service === 'STANDARD' && request.subtotal >= policy.freeStandardFrom;
  return { ok: true, amount: free ? 0 : cheapest.rate.price.amount, rate: cheapest.rate };
}

export type Pricing = { ok: true; totals: OrderTotals; rate: Rate } | QuoteRefusal;

/** What an order costs: its lines plus shipping by the policy, or why it cannot be shipped. */
export function priceOrder(policy: ShippingPolicy, request: ShippingRequest): Pricing {
  const subtotal = subtotalOf(request.lines);
  const shipping = shippingCharge(policy, { ...request, subtotal });
  if (!shipping.ok) return shipping;
  return { ok: true, rate: shipping.rate, totals: { subtotal, shippingTotal: shipping.amount, total: subtotal + shipping.amount } };
}

const NEXT_STEP: Record<QuoteRefusal['reason'], string> = {
  TOO_HEAVY: 'Remove some items (or lower their quantities) and place the order again.',
  NO_CARRIER: 'Choose another shipping service or ship to another address.',
  UNKNOWN_COUNTRY: 'Ship to an address in another country.',
};

/** The refusal as a shopper reads it: the rate card's reason and what to do about it. */
export const unshippableMessage = (refusal: QuoteRefusal) => `This order cannot be shipped: ${refusal.message} ${NEXT_STEP[refusal.reason]}`;

/** Why the policy cannot price this store's orders (empty when it can): checked at start-up. */
export function shippingPolicyProblems(policy: ShippingPolicy, currency: string): string[] {
  const problems = rateCardProblems(policy.card);
  if (policy.card.currency !== currency) problems.push(`the store currency is ${currency} but the rate card prices in ${policy.card.currency}`);
  if (!Number.isSafeInteger(policy.freeStandardFrom) || policy.freeStandardFrom < 0) {
    problems.push(`the free-STANDARD subtotal must be whole minor units, not ${policy.freeStandardFrom}`);
  }
  return problems;
}
