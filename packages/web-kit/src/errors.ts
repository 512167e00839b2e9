import type { CombinedError } from 'urql';

const READABLE: Record<string, string> = {
  UNAUTHENTICATED: 'Your session has ended. Please sign in again.',
  FORBIDDEN: 'You cannot do that with this account.',
  SERVICE_UNAVAILABLE: 'Part of the shop is briefly unavailable. Please try again in a moment.',
  INTERNAL_SERVER_ERROR: 'Something went wrong on our side. Please try again.',
};

/** The code of the first GraphQL error (extensions.code). */
export function errorCode(error: CombinedError | undefined): string | undefined {
  return error?.graphQLErrors[0]?.extensions?.code as string | undefined;
}

/** A sentence a person can act on: the service's own message for refusals, ours for the rest. */
export function describeError(error: CombinedError | undefined): string | null {
  if (!error) return null;
  if (error.networkError) return 'We could not reach the shop. Check your connection and try again.';
  const first = error.graphQLErrors[0];
  if (!first) return error.message;
  const code = first.extensions?.code as string | undefined;
  return (code && READABLE[code]) ?? first.message;
}

/** One refused field: its path inside the argument (`variants.0.price`) and what to fix. */
export interface FieldError {
  field: string;
  message: string;
}

/**
 * The field errors of a BAD_USER_INPUT refusal (docs/errors.md): `extensions.fields` from a
 * service's validation, or `extensions.field` for unstorable text.
 */
export function fieldErrorsOf(error: CombinedError | undefined): FieldError[] {
  if (!error) return [];
  return error.graphQLErrors.flatMap((e) => {
    const extensions = e.extensions as { fields?: unknown; field?: unknown } | undefined;
    if (Array.isArray(extensions?.fields)) {
      return (extensions.fields as { field?: unknown; message?: unknown }[])
        .filter((f) => typeof f.field === 'string' && typeof f.message === 'string')
        .map((f) => ({ field: f.field as string, message: f.message as string }));
    }
    if (typeof extensions?.field === 'string') return [{ field: extensions.field, message: e.message }];
    return [];
  });
}

/**
 * The message for a form field: the first error at `field` or inside it (`price` matches
 * `price.amount`). Paths are relative to the argument; `prefix` strips an outer one (`input.`).
 */
export function messageFor(errors: readonly FieldError[], field: string, prefix = ''): string | undefined {
  return errors.find((e) => {
    const path = prefix && e.field.startsWith(prefix) ? e.field.slice(prefix.length) : e.field;
    return path === field || path.startsWith(`${field}.`);
  })?.message;
}
