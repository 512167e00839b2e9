/** Formats a Money from its decimal string with Intl (never through a float of our own). */
export function formatMoney(money: { amount: string; currencyCode: string } | null | undefined): string {
  if (!money) return '';
  return new Intl.NumberFormat('en-IE', { style: 'currency', currency: money.currencyCode }).format(money.amount as `${number}`);
}
