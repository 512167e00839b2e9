import { SHIPPING_SERVICES } from '@commerce/events';

export type ShippingService = (typeof SHIPPING_SERVICES)[number];
export { SHIPPING_SERVICES };

/** Shipping prices in minor units of the store currency. */
export interface ShippingRates {
  standardFee: number;
  /** STANDARD is free from this subtotal on (inclusive). */
  freeStandardFrom: number;
  expressFee: number;
}

export const DEFAULT_SHIPPING_RATES: ShippingRates = { standardFee: 495, freeStandardFrom: 5000, expressFee: 1295 };

export function shippingFee(service: ShippingService, subtotal: number, rates: ShippingRates): number {
  if (service === 'EXPRESS') return rates.expressFee;
  return subtotal >= rates.freeStandardFrom ? 0 : rates.standardFee;
}

export interface PricedLine {
  unitPrice: number;
  quantity: number;
}

export const lineTotal = (line: PricedLine) => line.unitPrice * line.quantity;

export const subtotalOf = (lines: readonly PricedLine[]) => lines.reduce((sum, line) => sum + lineTotal(line), 0);

export interface OrderTotals {
  subtotal: number;
  shippingTotal: number;
  total: number;
}

/** What an order costs: the lines, plus shipping by the rule above. */
export function priceOrder(lines: readonly PricedLine[], service: ShippingService, rates: ShippingRates): OrderTotals {
  const subtotal = subtotalOf(lines);
  const shippingTotal = shippingFee(service, subtotal, rates);
  return { subtotal, shippingTotal, total: subtotal + shippingTotal };
}
