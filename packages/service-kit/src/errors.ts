import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { ERROR_CODES, Refusal, type ErrorCode } from '@commerce/domain-kit';
import { isTransientError } from '@commerce/events';
import type { Logger } from 'pino';

/** Codes Apollo Server itself produces for malformed requests; safe to show as they are. */
const REQUEST_CODES = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  // A client held to its trusted-documents manifest sent something else (router).
  'PERSISTED_QUERY_REQUIRED',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
  // The router's refusal of an operation whose estimated cost is over its budget.
  'OPERATION_TOO_COSTLY',
]);
const PUBLIC_CODES = new Set<string>([...ERROR_CODES, ...REQUEST_CODES]);

/** A GraphQL error a client can act on: a person-readable message and an `extensions.code`. */
export function userError(code: ErrorCode, message: string, extra: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { ...extra, code } });
}

/** Runs a use case or store call, turning its refusals (Refusal) into coded GraphQL errors; anything else stays internal. */
export async function refusalsAsErrors<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof Refusal) throw userError(err.code, err.message, err.extensions);
    throw err;
  }
}

export const badUserInput = (message: string, extra?: Record<string, unknown>) =>
  userError('BAD_USER_INPUT', message, extra);
export const notFound = (message: string) => userError('NOT_FOUND', message);
export const conflict = (message: string) => userError('CONFLICT', message);
export const forbidden = (message = 'You are not allowed to do this.') => userError('FORBIDDEN', message);
export const unauthenticated = (message = 'Sign in to do this.') => userError('UNAUTHENTICATED', message);

/**
 * Apollo `formatError` hook: coded errors pass through; anything else (driver errors,
 * bugs) is logged in full and reaches the client only as a generic internal error.
 */
export function createErrorFormatter(logger: Logger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const code = formatted.extensions?.code;
    if (typeof code === 'string' && PUBLIC_CODES.has(code)) {
      const { stacktrace: _stacktrace, ...extensions } = formatted.extensions ?? {};
      return { ...formatted, extensions };
    }
    const original = unwrap(error);
    // A unique index refused a write no service turned into its own CONFLICT (a race, or a
    // store answering differently than expected): the client can act on that, not on a 500.
    if (isDuplicateKeyError(original)) {
      logger.warn({ err: original, path: formatted.path }, 'duplicate key answered as CONFLICT');
      return answered(formatted, 'CONFLICT', 'This conflicts with an existing record: a value that must be unique is already taken.');
    }
    // The store or broker is away (restarting, unreachable): nothing was changed, and the same
    // request succeeds once it is back. Saying so lets clients retry instead of reporting a bug.
    if (isTransientError(original)) {
      logger.warn({ err: original, path: formatted.path }, 'a dependency is unavailable; answered SERVICE_UNAVAILABLE');
      return answered(formatted, 'SERVICE_UNAVAILABLE', 'This service is briefly unavailable; try again in a moment.');
    }
    logger.error({ err: original, path: formatted.path }, 'unexpected error while resolving');
    return answered(formatted, 'INTERNAL_SERVER_ERROR', 'Internal server error');
  };
}

/** The error as the client sees it: our code and message, its path and locations, nothing else. */
function answered(formatted: GraphQLFormattedError, code: string, message: string): GraphQLFormattedError {
  return {
    message,
    ...(formatted.path ? { path: formatted.path } : {}),
    ...(formatted.locations ? { locations: formatted.locations } : {}),
    extensions: { code },
  };
}

/**
 * True for a unique-index violation from either store: PostgreSQL's unique_violation (23505,
 * also on TypeORM's QueryFailedError), MongoDB's E11000, and FerretDB v1, which answers some
 * writes (updates) on its PostgreSQL backend with the backend's 23505 in the message instead.
 */
export function isDuplicateKeyError(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false;
  const { code, message, cause } = err as { code?: unknown; message?: unknown; cause?: unknown };
  if (code === '23505' || code === 11000 || code === 11001) return true;
  if (typeof message === 'string' && /\bE11000\b|duplicate key value violates unique constraint/.test(message)) return true;
  return cause !== undefined && cause !== err && isDuplicateKeyError(cause);
}

function unwrap(error: unknown): unknown {
  return error instanceof GraphQLError && error.originalError ? error.originalError : error;
}

/**
 * Validates mutation input with a zod schema; on failure throws BAD_USER_INPUT naming
 * each offending field, so nothing is written for bad input.
 */
export function parseInput<Output>(schema: { safeParse: (value: unknown) => SafeParse<Output> }, input: unknown): Output {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const fields = result.error.issues.map((issue) => ({ field: issue.path.join('.'), message: issue.message }));
  const summary = fields.map(({ field, message }) => (field ? `${field} ${message}` : message)).join('; ');
  throw badUserInput(`Invalid input: ${summary}.`, { fields });
}

type SafeParse<Output> =
  | { success: true; data: Output }
  | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } };
