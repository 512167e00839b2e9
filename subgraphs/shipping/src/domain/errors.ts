/**
 * A refusal the caller can act on. Stores throw it; resolvers turn it into a coded GraphQL
 * error, so store and domain code stay free of GraphQL.
 */
export class ShippingError extends Error {
  constructor(
    readonly code: 'NOT_FOUND' | 'CONFLICT' | 'BAD_USER_INPUT',
    message: string,
    /** For BAD_USER_INPUT: the offending input fields, as parseInput names them. */
    readonly fields: { field: string; message: string }[] = [],
  ) {
    super(message);
    this.name = 'ShippingError';
  }
}
