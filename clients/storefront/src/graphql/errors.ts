import type { CombinedError } from 'urql';

const READABLE: Record<string, string> = {
  UNAUTHENTICATED: 'Your session has ended. Please sign in again.',
  FORBIDDEN: 'You cannot do that with this account.',
  SERVICE_UNAVAILABLE: 'Part of the shop is briefly unavailable. Please try again in a moment.',
  INTERNAL_SERVER_ERROR: 'Something went wrong on our side. Please try again.',
};

export function errorCode(error: CombinedError | undefined): string | undefined {
  return error?.graphQLErrors[0]?.extensions?.code as string | undefined;
}

/** A sentence a shopper can act on: the service's own message for refusals, ours for the rest. */
export function describeError(error: CombinedError | undefined): string | null {
  if (!error) return null;
  if (error.networkError) return 'We could not reach the shop. Check your connection and try again.';
  const first = error.graphQLErrors[0];
  if (!first) return error.message;
  const code = first.extensions?.code as string | undefined;
  return (code && READABLE[code]) ?? first.message;
}
