import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { authEnvShape, baseEnvShape, csv, parseEnv, routerSigningEnvShape } from '@commerce/service-kit';

export const env = parseEnv({
  ...baseEnvShape,
  ...authEnvShape,
  ...routerSigningEnvShape,
  PORT: z.coerce.number().int().min(0).default(4000),
  /** Set when a load balancer in front of the router sets X-Forwarded-For. */
  TRUST_PROXY: z.stringbool().default(false),
  /** Subscriptions are fed from these brokers' events; empty turns subscriptions off. */
  KAFKA_BROKERS: csv.default(['127.0.0.1:9092']),
  /** Payloads one subscriber may have waiting before it is dropped as too slow. */
  SUBSCRIPTION_QUEUE_LIMIT: z.coerce.number().int().min(1).default(256),
  SUPERGRAPH_PATH: z.string().default(fileURLToPath(new URL('../../schema/supergraph.graphql', import.meta.url))),
});

/** SUBGRAPH_URL_<NAME>=url overrides the routing URL composed into the supergraph. */
export function subgraphUrlOverrides(source: Record<string, string | undefined> = process.env): Record<string, string> {
  return Object.fromEntries(
    Object.entries(source)
      .filter(([key, value]) => key.startsWith('SUBGRAPH_URL_') && value)
      .map(([key, value]) => [key.slice('SUBGRAPH_URL_'.length).toLowerCase(), value as string]),
  );
}
