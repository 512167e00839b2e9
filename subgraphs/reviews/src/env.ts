import { z } from 'zod';
import { authEnvShape, baseEnvShape, csv, parseEnv } from '@commerce/service-kit';

export const env = parseEnv({
  ...baseEnvShape,
  ...authEnvShape,
  PORT: z.coerce.number().int().min(0).default(4003),
  MONGO_URL: z.string().default('mongodb://127.0.0.1:27017/reviews'),
  KAFKA_BROKERS: csv.default(['127.0.0.1:9092']),
  /** How often ratings flagged by an interrupted review write are published. */
  RATING_SWEEP_INTERVAL_MS: z.coerce.number().int().min(100).default(30_000),
  CATALOG_CONSUMER_GROUP: z.string().min(1).default('reviews.catalog'),
  ORDERS_CONSUMER_GROUP: z.string().min(1).default('reviews.orders'),
});
export type Env = typeof env;
