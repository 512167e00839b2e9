import { z } from 'zod';
import { authEnvShape, baseEnvShape, csv, parseEnv } from '@commerce/service-kit';

const positive = (fallback: number) => z.coerce.number().int().min(1).default(fallback);

export const env = parseEnv({
  ...baseEnvShape,
  ...authEnvShape,
  PORT: z.coerce.number().int().min(0).default(4004),
  DATABASE_URL: z.string().url().default('postgres://commerce:commerce@127.0.0.1:5432/inventory'),
  KAFKA_BROKERS: csv.default(['127.0.0.1:9092']),
  /** How long stock stays reserved for an order that is not yet paid. */
  RESERVATION_TTL_SECONDS: positive(900),
  /** How often the sweeper looks for reservations past their deadline. */
  RESERVATION_SWEEP_INTERVAL_MS: positive(15_000),
  ORDERS_CONSUMER_GROUP: z.string().min(1).default('inventory.orders'),
  CATALOG_CONSUMER_GROUP: z.string().min(1).default('inventory.catalog'),
});
export type Env = typeof env;
