/** The order statuses in their saga order (docs/saga.md). */
export const ORDER_STATUSES = ['PENDING', 'AWAITING_PAYMENT', 'CONFIRMED', 'SHIPPED', 'DELIVERED', 'CANCELLED'] as const;

/** An enum value as words: AWAITING_PAYMENT → Awaiting payment. */
export function humanize(value: string): string {
  const words = value.replace(/_/g, ' ').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export function StatusBadge({ status }: { status: string }) {
  return <span className={`status status-${status.toLowerCase()}`}>{humanize(status)}</span>;
}

/** A timestamp as the admin's locale writes it, in a <time> element. */
export function When({ at }: { at: string }) {
  return <time dateTime={at}>{new Date(at).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' })}</time>;
}
