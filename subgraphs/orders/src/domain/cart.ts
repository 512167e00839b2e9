import type { Money } from '@commerce/domain-kit';
import { lineTotal, subtotalOf } from './pricing.ts';

export const MAX_LINE_QUANTITY = 100;
export const MAX_CART_LINES = 50;

/** A variant as the local read model knows it (fed by catalog.events). */
export interface VariantSnapshot {
  variantId: string;
  productId: string;
  sku: string;
  name: string;
  price: Money;
  weightGrams: number | null;
  active: boolean;
}

/**
 * A variant can be sold when the catalog lists it on an active product and prices it in
 * the store currency (a price in any other currency could not be added up with the rest).
 */
export function isSellable(variant: VariantSnapshot | undefined, currency: string): variant is VariantSnapshot {
  return variant !== undefined && variant.active && variant.price.currency === currency;
}

export interface CartLine {
  quantity: number;
  /** The variant as the read model knows it now (adding a line needs it there, and rows are never deleted). */
  variant: VariantSnapshot;
}

export interface Cart {
  id: string;
  customerId: string;
  lines: CartLine[];
  updatedAt: Date;
}

export interface CartSummary {
  subtotal: Money;
  itemCount: number;
}

/**
 * Totals at current read-model prices over the lines that can be bought now; a line whose
 * variant went away stays listed (unavailable) until the customer removes it.
 */
export function summarizeCart(cart: Cart, currency: string): CartSummary {
  const sellable = cart.lines.flatMap((line) =>
    isSellable(line.variant, currency) ? [{ unitPrice: line.variant.price.amount, quantity: line.quantity }] : [],
  );
  return {
    subtotal: { amount: subtotalOf(sellable), currency },
    itemCount: sellable.reduce((sum, line) => sum + line.quantity, 0),
  };
}

export const cartLineTotal = (line: CartLine): Money => ({
  amount: lineTotal({ unitPrice: line.variant.price.amount, quantity: line.quantity }),
  currency: line.variant.price.currency,
});

export type LineChange = { ok: true; quantity: number } | { ok: false; message: string };

/** The line's quantity after adding `quantity` units, within the per-line and per-cart limits. */
export function addToLine(existing: number | undefined, quantity: number, lineCount: number): LineChange {
  if (existing === undefined && lineCount >= MAX_CART_LINES) {
    return { ok: false, message: `A cart holds at most ${MAX_CART_LINES} different items; remove one first.` };
  }
  const total = (existing ?? 0) + quantity;
  if (total > MAX_LINE_QUANTITY) {
    return {
      ok: false,
      message: `The line would hold ${total} units; at most ${MAX_LINE_QUANTITY} per item (${existing ?? 0} already in the cart).`,
    };
  }
  return { ok: true, quantity: total };
}
