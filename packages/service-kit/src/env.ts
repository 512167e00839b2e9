import { z } from 'zod';

/** Settings every service reads: where it listens, how it logs, which mode it runs in. */
export const baseEnvShape = {
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  HOST: z.string().default('127.0.0.1'),
};

/** Parses `source` (process.env by default) against a zod shape; exits with every problem listed. */
export function parseEnv<Shape extends z.ZodRawShape>(
  shape: Shape,
  source: Record<string, string | undefined> = process.env,
): z.infer<z.ZodObject<Shape>> {
  const result = z.object(shape).safeParse(source);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`invalid environment:\n${problems.join('\n')}`);
  }
  return result.data;
}

/** A comma-separated list, e.g. KAFKA_BROKERS=127.0.0.1:9092,127.0.0.1:9093. */
export const csv = z
  .string()
  .transform((value) => value.split(',').map((item) => item.trim()).filter(Boolean));

/** How every service checks access tokens (docs/auth.md); the customers service issues them. */
export const authEnvShape = {
  AUTH_ISSUER: z.string().default('urn:commerce:customers'),
  AUTH_AUDIENCE: z.string().default('urn:commerce:api'),
  AUTH_JWKS_URL: z.string().url().default('http://127.0.0.1:4001/.well-known/jwks.json'),
  /** The issuer's session endpoint (`GET …/<sid>`): a signed-out session's tokens are refused. */
  AUTH_SESSIONS_URL: z.string().url().default('http://127.0.0.1:4001/sessions'),
  /** How long a session's `active` answer is cached: sign-out takes effect within this. */
  AUTH_SESSION_CACHE_SECONDS: z.coerce.number().min(0).max(60).default(5),
};

/** For local use only: a production service refuses to start with it (see routerSigningSecret). */
export const DEV_ROUTER_SIGNING_SECRET = 'local-development-only-router-signing-secret';

/** The secret the router signs the client's address with and the customers service checks it by. */
export const routerSigningEnvShape = {
  ROUTER_SIGNING_SECRET: z.string().min(32, 'must be at least 32 characters').default(DEV_ROUTER_SIGNING_SECRET),
};

/** The router signing secret, refusing the public development default in production. */
export function routerSigningSecret(env: { NODE_ENV: string; ROUTER_SIGNING_SECRET: string }): string {
  if (env.NODE_ENV === 'production' && env.ROUTER_SIGNING_SECRET === DEV_ROUTER_SIGNING_SECRET) {
    throw new Error('invalid environment:\n  ROUTER_SIGNING_SECRET: must be set to a private value in production');
  }
  return env.ROUTER_SIGNING_SECRET;
}
