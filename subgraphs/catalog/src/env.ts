import { z } from 'zod';
import { authEnvShape, baseEnvShape, parseEnv } from '@commerce/service-kit';

export const env = parseEnv({
  ...baseEnvShape,
  ...authEnvShape,
  PORT: z.coerce.number().int().min(0).default(4002),
  MONGO_URL: z.string().default('mongodb://127.0.0.1:27017/catalog'),
});
export type Env = typeof env;
