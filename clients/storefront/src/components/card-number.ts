/** Card numbers run to 19 digits (ISO/IEC 7812). */
const MAX_DIGITS = 19;

/** The digits of a card number as typed or pasted, spaces and dashes dropped. */
export function cardDigits(text: string): string {
  return text.replace(/\D/g, '').slice(0, MAX_DIGITS);
}

/**
 * A card number as the shopper types it, shown in groups of four ("4242 4242 4242 4242"), with
 * the caret kept after the same digit it followed, so typing or deleting mid-number does not
 * throw it to the end.
 */
export function groupCardNumber(text: string, caret: number = text.length): { text: string; caret: number } {
  const digitsBeforeCaret = cardDigits(text.slice(0, caret)).length;
  const grouped = cardDigits(text).replace(/(\d{4})(?=\d)/g, '$1 ');
  let position = 0;
  for (let seen = 0; position < grouped.length && seen < digitsBeforeCaret; position++) {
    if (grouped[position] !== ' ') seen++;
  }
  return { text: grouped, caret: position };
}
