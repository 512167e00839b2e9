import { z } from 'zod';
import { authEnvShape, baseEnvShape, csv, parseEnv } from '@commerce/service-kit';

export const env = parseEnv({
  ...baseEnvShape,
  ...authEnvShape,
  PORT: z.coerce.number().int().min(0).default(4007),
  DATABASE_URL: z.string().url().default('postgres://commerce:commerce@127.0.0.1:5432/shipping'),
  KAFKA_BROKERS: csv.default(['127.0.0.1:9092']),
  /** The shop's currency; the rate card must price in it. */
  STORE_CURRENCY: z.string().regex(/^[A-Z]{3}$/).default('EUR'),
  ORDERS_CONSUMER_GROUP: z.string().min(1).default('shipping.orders'),
  /** How often the sandbox carrier moves shipments one step on; 0 disables it. */
  SANDBOX_CARRIER_STEP_MS: z.coerce.number().int().min(0).default(30_000),
});
export type Env = typeof env;
