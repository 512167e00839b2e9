import type { ErrorCode } from '@commerce/domain-kit';

/**
 * A refusal the caller can act on. Stores and services throw it; resolvers turn it into a
 * coded GraphQL error, so store and domain code stay free of GraphQL.
 */
export class PaymentsError extends Error {
  constructor(
    readonly code: Extract<ErrorCode, 'NOT_FOUND' | 'CONFLICT' | 'FORBIDDEN' | 'BAD_USER_INPUT'>,
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'PaymentsError';
  }
}
