/**
 * Inbox consumer names: fixed, unlike Kafka group ids. The inbox records what has been
 * applied to this database, so a second group reading the same topic (a test run, a replay
 * under a new group) finds the facts already recorded and only settles what is still due.
 */
export const INBOX = {
  orders: 'payments.orders',
} as const;
