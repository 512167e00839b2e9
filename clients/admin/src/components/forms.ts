/** Pure helpers for the admin's forms (tested beside them). */

export interface NameValue {
  name: string;
  value: string;
}

/** "Colour: Blue, Size: L" → [{ name: 'Colour', value: 'Blue' }, …]; blank parts are skipped. */
export function parseOptions(text: string): NameValue[] {
  return text
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => {
      const at = part.indexOf(':');
      return at < 0 ? { name: part, value: '' } : { name: part.slice(0, at).trim(), value: part.slice(at + 1).trim() };
    });
}

/** The inverse of parseOptions. */
export function formatOptions(options: readonly NameValue[]): string {
  return options.map((o) => `${o.name}: ${o.value}`).join(', ');
}

/** "a, b ,, c" → ['a', 'b', 'c']. */
export function parseList(text: string): string[] {
  return text
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);
}

/** A form's text value, trimmed; undefined when blank. */
export function textOf(form: FormData, name: string): string | undefined {
  const value = String(form.get(name) ?? '').trim();
  return value || undefined;
}

/**
 * The days of a date filter (`<input type="date">` values, either may be blank) as the
 * instants Query.orders takes: from the start of `from` to the end of `until`, both days
 * whole and in the browser's time zone.
 */
export function placedBetween(from: string | undefined, until: string | undefined): { placedAfter?: string; placedBefore?: string } {
  const startOf = (day: string, plusDays = 0) => {
    const [year, month, date] = day.split('-').map(Number);
    return new Date(year!, month! - 1, date! + plusDays).toISOString();
  };
  return {
    ...(from ? { placedAfter: startOf(from) } : {}),
    ...(until ? { placedBefore: startOf(until, 1) } : {}),
  };
}
