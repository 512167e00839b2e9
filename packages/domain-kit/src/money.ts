/** Money as stored and sent in events: integer minor units and an ISO 4217 code (docs/architecture.md#ids-and-money). */
export interface Money {
  amount: number;
  currency: string;
}

/** The GraphQL shape of Money: exact decimal and minor-unit strings, never a float. */
export interface MoneyView {
  amount: string;
  minorUnits: string;
  currencyCode: string;
}

const digitsCache = new Map<string, number>();

/** Minor-unit digits of a currency (EUR 2, JPY 0, KWD 3), from the runtime's ICU data. */
export function currencyDigits(currency: string): number {
  let digits = digitsCache.get(currency);
  if (digits === undefined) {
    digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
    digitsCache.set(currency, digits);
  }
  return digits;
}

const KNOWN_CURRENCIES = new Set(Intl.supportedValuesOf('currency'));

/** True for an ISO 4217 code the runtime's ICU data knows. */
export function isCurrency(code: string): boolean {
  return KNOWN_CURRENCIES.has(code);
}

/**
 * Parses a decimal string ("19.99", "5", "0.5") into minor units exactly, without floats.
 * Returns undefined when it is not a non-negative decimal with at most the currency's digits
 * or exceeds the safe integer range.
 */
export function parseDecimal(value: string, currency: string): number | undefined {
  const match = /^(\d{1,15})(?:\.(\d+))?$/.exec(value.trim());
  if (!match) return undefined;
  const digits = currencyDigits(currency);
  const fraction = match[2] ?? '';
  if (fraction.length > digits) return undefined;
  const minor = Number(match[1]) * 10 ** digits + Number(fraction.padEnd(digits, '0') || '0');
  return Number.isSafeInteger(minor) ? minor : undefined;
}

/** The GraphQL view of an amount. */
export function moneyView(money: Money): MoneyView {
  const digits = currencyDigits(money.currency);
  const sign = money.amount < 0 ? '-' : '';
  const text = String(Math.abs(money.amount)).padStart(digits + 1, '0');
  const amount = digits === 0 ? text : `${text.slice(0, -digits)}.${text.slice(-digits)}`;
  return { amount: `${sign}${amount}`, minorUnits: String(money.amount), currencyCode: money.currency };
}
