import type { CardBrand } from './card.ts';

/** A card a customer keeps on file. The gateway token behind it stays in the store; it is never shown. */
export interface PaymentMethod {
  id: string;
  customerId: string;
  brand: CardBrand;
  last4: string;
  expMonth: number;
  expYear: number;
  holderName: string;
  isDefault: boolean;
  createdAt: Date;
  /** Removed methods stay for the payments that used them, but can no longer pay. */
  removedAt: Date | null;
}

/** A card is valid through the last day of its expiry month (UTC). */
export function isExpired(card: { expMonth: number; expYear: number }, now: Date): boolean {
  const year = now.getUTCFullYear();
  const month = now.getUTCMonth() + 1;
  return card.expYear < year || (card.expYear === year && card.expMonth < month);
}

/**
 * Whether a newly added method becomes the default: when asked to, and always when the
 * customer has no default yet, so a customer with methods always has one to pay with.
 */
export function becomesDefault(requested: boolean, hasDefault: boolean): boolean {
  return requested || !hasDefault;
}

/** The method to promote when the default is removed: the newest remaining one. */
export function successorOf<T extends { id: string; createdAt: Date }>(remaining: readonly T[]): T | undefined {
  return [...remaining].sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? 1 : -1))[0];
}
