// Tells "a store or broker is unavailable right now" apart from "this event cannot be
// applied". The first kind passes when the dependency is back (a restarted PostgreSQL, a
// FerretDB reconnecting, a Kafka broker electing leaders): retrying it is always right and
// dead-lettering it would strand a saga. Recognised by shape, so this package needs neither
// pg, mongoose nor TypeORM.

// PostgreSQL SQLSTATEs that say nothing about the statement: connection exceptions (class 08),
// the server shutting down or starting (57P01-57P03), too many connections, and the
// serialization failures and deadlocks that a retry of the same transaction resolves.
const TRANSIENT_SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300', '40001', '40P01']);

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  'ENOTFOUND',
]);

// node-postgres reports a lost or unobtainable connection with plain Errors and these messages.
const PG_CONNECTION_MESSAGES = [
  'Connection terminated',
  'Client has encountered a connection error and is not queryable',
  'timeout exceeded when trying to connect',
  'Client was closed and is not queryable',
  'Cannot use a pool after calling end on the pool',
];

const MONGO_UNAVAILABLE = new Set([
  'MongoNetworkError',
  'MongoNetworkTimeoutError',
  'MongoServerSelectionError',
  'MongoNotConnectedError',
  'MongoPoolClearedError',
]);

interface ErrorShape {
  code?: unknown;
  name?: unknown;
  message?: unknown;
  retriable?: unknown;
  cause?: unknown;
  driverError?: unknown;
  errorLabels?: unknown;
}

/** True when `err` says a store or broker is unavailable, not that the work itself is wrong. */
export function isTransientError(err: unknown, depth = 0): boolean {
  if (typeof err !== 'object' || err === null || depth > 5) return false;
  const shape = err as ErrorShape;
  const code = typeof shape.code === 'string' ? shape.code : '';
  const name = typeof shape.name === 'string' ? shape.name : '';
  const message = typeof shape.message === 'string' ? shape.message : '';
  if (TRANSIENT_SQLSTATES.has(code) || code.startsWith('08') || NETWORK_CODES.has(code)) return true;
  if (PG_CONNECTION_MESSAGES.some((text) => message.includes(text))) return true;
  if (MONGO_UNAVAILABLE.has(name)) return true;
  // TypeORM released the transaction's connection when it broke: the commit never reached the server.
  if (name === 'QueryRunnerAlreadyReleasedError') return true;
  if (Array.isArray(shape.errorLabels) && shape.errorLabels.includes('RetryableWriteError')) return true;
  // kafkajs marks what a retry can fix (a broker restarting, a leader moving).
  if (name.startsWith('KafkaJS') && shape.retriable === true) return true;
  if (name === 'KafkaJSNumberOfRetriesExceeded' || name === 'KafkaJSConnectionError') return true;
  // TypeORM wraps the driver's error; aggregates and causes wrap others.
  if (err instanceof AggregateError && err.errors.some((inner) => isTransientError(inner, depth + 1))) return true;
  return isTransientError(shape.driverError, depth + 1) || isTransientError(shape.cause, depth + 1);
}
