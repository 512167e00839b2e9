// What payments knows of a card: the gateway tells it (gateway/port.ts), the store keeps it,
// and payment methods and payments show it.

export const CARD_BRANDS = ['VISA', 'MASTERCARD', 'AMEX', 'DISCOVER', 'UNKNOWN'] as const;
export type CardBrand = (typeof CARD_BRANDS)[number];

/** What the gateway tells us about a tokenized card: enough to show it, never enough to charge it elsewhere. */
export interface CardSummary {
  brand: CardBrand;
  last4: string;
  expMonth: number;
  expYear: number;
  holderName: string;
}
