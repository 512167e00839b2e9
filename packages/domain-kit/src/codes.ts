/** The error codes clients may see (docs/errors.md#codes), besides INTERNAL_SERVER_ERROR. */
export const ERROR_CODES = [
  'BAD_USER_INPUT',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'OUT_OF_STOCK',
  'PAYMENT_DECLINED',
  'RATE_LIMITED',
  // A subgraph or store that cannot answer right now (the router's answer for fields of a
  // subgraph it cannot reach; a subgraph's while its database restarts): try again shortly.
  'SERVICE_UNAVAILABLE',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** The roles an access token may grant (docs/auth.md). */
export const ROLES = ['CUSTOMER', 'ADMIN'] as const;
export type Role = (typeof ROLES)[number];
