/**
 * A refusal the caller can act on. Stores throw it; resolvers turn it into a coded GraphQL
 * error, so store and domain code stay free of GraphQL.
 */
export class OrdersError extends Error {
  constructor(
    readonly code: 'BAD_USER_INPUT' | 'NOT_FOUND' | 'CONFLICT',
    message: string,
  ) {
    super(message);
    this.name = 'OrdersError';
  }
}
