import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { authEnvShape, baseEnvShape, csv, parseEnv, routerSigningEnvShape } from '@commerce/service-kit';

const count = (fallback: number) => z.coerce.number().int().min(1).default(fallback);

export const env = parseEnv({
  ...baseEnvShape,
  AUTH_ISSUER: authEnvShape.AUTH_ISSUER,
  AUTH_AUDIENCE: authEnvShape.AUTH_AUDIENCE,
  AUTH_SESSION_CACHE_SECONDS: authEnvShape.AUTH_SESSION_CACHE_SECONDS,
  ...routerSigningEnvShape,
  PORT: z.coerce.number().int().min(0).default(4001),
  DATABASE_URL: z.string().url().default('postgres://commerce:commerce@127.0.0.1:5432/customers'),
  KAFKA_BROKERS: csv.default(['127.0.0.1:9092']),
  /** Private JWKs as JSON ({"keys": [...]}, first one signs); wins over the file. */
  AUTH_SIGNING_KEYS: z.string().optional(),
  AUTH_SIGNING_KEYS_FILE: z
    .string()
    .default(fileURLToPath(new URL('../../../.data/keys/customers-signing-keys.json', import.meta.url))),
  /** The first admin, created or promoted at start-up. */
  ADMIN_EMAIL: z.string().email().optional(),
  ADMIN_PASSWORD: z.string().min(10).optional(),
  /** Failures of one account from one client address before that pair is locked. */
  LOGIN_MAX_ACCOUNT_ADDRESS_FAILURES: count(5),
  LOGIN_MAX_ADDRESS_FAILURES: count(50),
  LOGIN_WINDOW_SECONDS: count(15 * 60),
  LOGIN_SLOW_AFTER: z.coerce.number().int().min(0).default(2),
  LOGIN_SLOW_STEP_MS: z.coerce.number().int().min(0).default(250),
  LOGIN_SLOW_MAX_MS: z.coerce.number().int().min(0).default(3000),
});
export type Env = typeof env;
