import { errors } from '@opensearch-project/opensearch';

// How the search store reads OpenSearch's errors.

/** A write raced another: read again and decide again. */
export const isConflict = (err: unknown) => err instanceof errors.ResponseError && err.meta.statusCode === 409;
export const isNotFound = (err: unknown) => err instanceof errors.ResponseError && err.meta.statusCode === 404;

/**
 * What the engine said, without echoing the request back (its errors quote the query). An
 * engine that cannot answer right now carries a network code, so consumers wait for it and
 * requests answer SERVICE_UNAVAILABLE (isTransientError) instead of failing for good.
 */
export class SearchEngineError extends Error {
  readonly code: string | undefined;
  constructor(
    message: string,
    readonly statusCode: number | undefined,
    unavailable: boolean,
  ) {
    super(message);
    this.name = 'SearchEngineError';
    this.code = unavailable ? 'ECONNREFUSED' : undefined;
  }
}

export function engineError(err: unknown): Error {
  if (err instanceof errors.ResponseError) {
    const status = err.meta.statusCode ?? undefined;
    const body = err.meta.body as { error?: { type?: string } } | undefined;
    const unavailable = status === 429 || status === 502 || status === 503 || status === 504;
    return new SearchEngineError(`OpenSearch ${status}: ${body?.error?.type ?? 'error'}`, status, unavailable);
  }
  if (err instanceof errors.ConnectionError || err instanceof errors.TimeoutError || err instanceof errors.NoLivingConnectionsError) {
    return new SearchEngineError(`OpenSearch unreachable: ${err.name}`, undefined, true);
  }
  return err instanceof Error ? err : new Error(String(err));
}
