import type { CardBrand, CardInput, DeclineCode } from '../gateway/port.ts';

// Pure card rules of the sandbox gateway: number checks, brands and the documented test
// cards (README.md). Like Stripe's test mode, the card number alone decides what happens.

/** How the sandbox treats a card, decided once at tokenization and kept with the token. */
export const CARD_BEHAVIOURS = ['APPROVE', 'DECLINE_INSUFFICIENT_FUNDS', 'DECLINE_CARD_EXPIRED', 'DECLINE_CARD_DECLINED', 'TRANSIENT'] as const;
export type CardBehaviour = (typeof CARD_BEHAVIOURS)[number];

export const TEST_CARDS: Readonly<Record<string, CardBehaviour>> = {
  '4242424242424242': 'APPROVE',
  '5555555555554444': 'APPROVE',
  '4000000000009995': 'DECLINE_INSUFFICIENT_FUNDS',
  '4000000000000069': 'DECLINE_CARD_EXPIRED',
  '4000000000000002': 'DECLINE_CARD_DECLINED',
  '4000000000000119': 'TRANSIENT',
};

export const DECLINES: Readonly<Partial<Record<CardBehaviour, { code: DeclineCode; message: string }>>> = {
  DECLINE_INSUFFICIENT_FUNDS: { code: 'INSUFFICIENT_FUNDS', message: 'The card has insufficient funds.' },
  DECLINE_CARD_EXPIRED: { code: 'CARD_EXPIRED', message: 'The card has expired.' },
  DECLINE_CARD_DECLINED: { code: 'CARD_DECLINED', message: 'The card was declined.' },
};

/** The behaviour of a number: the test cards' documented ones, approval for any other valid number. */
export function behaviourOf(number: string): CardBehaviour {
  return TEST_CARDS[number] ?? 'APPROVE';
}

/** The Luhn (mod 10) check every real card number passes. */
export function isLuhnValid(number: string): boolean {
  if (!/^\d+$/.test(number)) return false;
  let sum = 0;
  for (let i = 0; i < number.length; i += 1) {
    let digit = Number(number[number.length - 1 - i]);
    if (i % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

/** The brand from the number's issuer prefix. */
export function brandOf(number: string): CardBrand {
  if (/^4/.test(number)) return 'VISA';
  const two = Number(number.slice(0, 2));
  const four = Number(number.slice(0, 4));
  if ((two >= 51 && two <= 55) || (four >= 2221 && four <= 2720)) return 'MASTERCARD';
  if (two === 34 || two === 37) return 'AMEX';
  if (/^(6011|65|64[4-9])/.test(number)) return 'DISCOVER';
  return 'UNKNOWN';
}

/** Spaces and dashes people type between digit groups are not part of the number. */
export const normalizeNumber = (number: string) => number.replace(/[\s-]/g, '');

/**
 * Format checks of the gateway's card form. An expiry in the past is accepted here: whether
 * an expired card may be kept is the merchant's policy, and the issuer declines it anyway.
 */
export function cardProblems(card: CardInput): { field: keyof CardInput; message: string }[] {
  const problems: { field: keyof CardInput; message: string }[] = [];
  const number = normalizeNumber(card.number);
  if (!/^\d{12,19}$/.test(number)) problems.push({ field: 'number', message: 'must be 12 to 19 digits' });
  else if (!isLuhnValid(number)) problems.push({ field: 'number', message: 'is not a valid card number' });
  if (!Number.isInteger(card.expMonth) || card.expMonth < 1 || card.expMonth > 12) {
    problems.push({ field: 'expMonth', message: 'must be a month from 1 to 12' });
  }
  if (!Number.isInteger(card.expYear) || card.expYear < 2000 || card.expYear > 2099) {
    problems.push({ field: 'expYear', message: 'must be a four-digit year' });
  }
  const cvcLength = brandOf(number) === 'AMEX' ? 4 : 3;
  if (!new RegExp(`^\\d{${cvcLength}}$`).test(card.cvc)) problems.push({ field: 'cvc', message: `must be ${cvcLength} digits` });
  const holder = card.holderName.trim();
  if (holder.length < 1 || holder.length > 100) problems.push({ field: 'holderName', message: 'must be 1 to 100 characters' });
  return problems;
}
