import { z } from 'zod';
import { baseEnvShape, csv, isCurrency, parseEnv } from '@commerce/service-kit';
import { DEFAULT_SYNONYMS } from './domain/index-definition.ts';

export const env = parseEnv({
  ...baseEnvShape,
  PORT: z.coerce.number().int().min(0).default(4008),
  OPENSEARCH_URL: z.string().default('http://127.0.0.1:9200'),
  /** The alias searches read; indices are `<alias>-v<n>`, stock `<alias>-variants`. */
  SEARCH_INDEX: z.string().regex(/^[a-z][a-z0-9_-]*$/).default('products'),
  /** Synonym rules, `;`-separated (`tv, television; sofa, couch`); a change takes effect at the next rebuild. */
  SEARCH_SYNONYMS: z
    .string()
    .optional()
    .transform((value) => (value === undefined ? DEFAULT_SYNONYMS : value.split(';').map((rule) => rule.trim()).filter(Boolean))),
  KAFKA_BROKERS: csv.default(['127.0.0.1:9092']),
  CATALOG_CONSUMER_GROUP: z.string().min(1).default('search.catalog'),
  INVENTORY_CONSUMER_GROUP: z.string().min(1).default('search.inventory'),
  REVIEWS_CONSUMER_GROUP: z.string().min(1).default('search.reviews'),
  /** The catalog subgraph, for the category tree (categories have no events); the supervisor's SUBGRAPH_URL_CATALOG when set. */
  CATALOG_URL: z.string().default(process.env.SUBGRAPH_URL_CATALOG ?? 'http://127.0.0.1:4002/graphql'),
  CATEGORY_TREE_TTL_MS: z.coerce.number().int().min(0).default(60_000),
  /** The router, which the rebuild reads products, stock and ratings through. */
  ROUTER_URL: z.string().default('http://127.0.0.1:4000/graphql'),
  /**
   * An admin the rebuild signs in as, to read each warehouse's stock level (admins only);
   * without one it reads the totals only (docs/architecture.md, search). npm start sets both.
   */
  ADMIN_EMAIL: z.string().optional(),
  ADMIN_PASSWORD: z.string().optional(),
  STORE_CURRENCY: z.string().refine(isCurrency, 'must be an ISO 4217 currency code').default('EUR'),
});
export type Env = typeof env;
