import { z } from 'zod';
import { authEnvShape, baseEnvShape, csv, isCurrency, parseEnv } from '@commerce/service-kit';

export const env = parseEnv({
  ...baseEnvShape,
  ...authEnvShape,
  PORT: z.coerce.number().int().min(0).default(4002),
  MONGO_URL: z.string().default('mongodb://127.0.0.1:27017/catalog'),
  KAFKA_BROKERS: csv.default(['127.0.0.1:9092']),
  /** Every price in the catalog is in this ISO 4217 currency. */
  STORE_CURRENCY: z.string().refine(isCurrency, 'must be an ISO 4217 currency code').default('EUR'),
});
export type Env = typeof env;
