import { REQUEST_LIMITS, type RequestLimits } from '../limits.ts';
import { DEVELOPMENT_ORIGINS, type CorsSettings } from './cors.ts';
import type { RateLimitSettings } from './rate-limit.ts';

export { corsMiddleware, DEVELOPMENT_ORIGINS, type CorsSettings } from './cors.ts';
export { checkCost, costLimitPlugin } from './cost-limit.ts';
export { costSchemaFromSdl, estimateCost, type CostOptions } from './cost.ts';
export { createRateLimiter, type RateLimiter, type RateLimitSettings } from './rate-limit.ts';

/** Everything the router holds a request to before it runs (docs/router.md#limits). */
export interface Guardrails {
  limits: RequestLimits;
  cors: CorsSettings;
  /** Per-client budgets; none when undefined. */
  rateLimits: RateLimitSettings | undefined;
  /** Production mode: no landing page, no field suggestions (introspection is its own switch). */
  production: boolean;
}

export const DEFAULT_GUARDRAILS: Guardrails = {
  limits: REQUEST_LIMITS,
  cors: { origins: DEVELOPMENT_ORIGINS, maxAgeSeconds: 600 },
  rateLimits: undefined,
  production: false,
};
