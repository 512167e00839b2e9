import { z } from 'zod';
import { authEnvShape, baseEnvShape, csv, parseEnv } from '@commerce/service-kit';

const milliseconds = (fallback: number) => z.coerce.number().int().min(0).default(fallback);

export const env = parseEnv({
  ...baseEnvShape,
  ...authEnvShape,
  PORT: z.coerce.number().int().min(0).default(4006),
  DATABASE_URL: z.string().url().default('postgres://commerce:commerce@127.0.0.1:5432/payments'),
  KAFKA_BROKERS: csv.default(['127.0.0.1:9092']),
  ORDERS_CONSUMER_GROUP: z.string().min(1).default('payments.orders'),
  /** Simulated round trip of each sandbox gateway call: a random delay in [min, max]. */
  SANDBOX_GATEWAY_MIN_LATENCY_MS: milliseconds(20),
  SANDBOX_GATEWAY_MAX_LATENCY_MS: milliseconds(60),
  /** Attempts per idempotency key the transient test card fails before it succeeds. */
  SANDBOX_GATEWAY_TRANSIENT_FAILURES: z.coerce.number().int().min(0).max(10).default(2),
  /** Pages allowed to post card details to the sandbox's token endpoint (CORS), comma-separated. */
  SANDBOX_CORS_ORIGINS: csv.default(['http://127.0.0.1:5173', 'http://localhost:5173']),
  /** How often the sweeper resumes payments left half-way (a crash, a gateway outage). */
  PAYMENT_SWEEP_INTERVAL_MS: z.coerce.number().int().min(1).default(30_000),
  /** A payment untouched for this long while a gateway step is due counts as stalled. */
  PAYMENT_STALL_AFTER_MS: z.coerce.number().int().min(0).default(30_000),
});
export type Env = typeof env;
