import { z } from 'zod';
import { baseEnvShape, parseEnv } from '@commerce/service-kit';

export const env = parseEnv({
  ...baseEnvShape,
  PORT: z.coerce.number().int().min(0).default(4001),
  DATABASE_URL: z.string().url().default('postgres://commerce:commerce@127.0.0.1:5432/customers'),
});
export type Env = typeof env;
