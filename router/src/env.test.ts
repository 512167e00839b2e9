import assert from 'node:assert/strict';
import { test } from 'node:test';
import { env, guardrailsFrom } from './env.ts';
import { DEVELOPMENT_ORIGINS } from './guardrails/index.ts';
import { REQUEST_LIMITS } from './limits.ts';

test('CORS allows the storefront and admin dev servers by default, nobody in production unless listed', () => {
  assert.deepEqual(guardrailsFrom({ ...env, NODE_ENV: 'development', CORS_ORIGINS: undefined }).cors.origins, DEVELOPMENT_ORIGINS);
  assert.deepEqual(guardrailsFrom({ ...env, NODE_ENV: 'production', CORS_ORIGINS: undefined }).cors.origins, []);
  assert.deepEqual(guardrailsFrom({ ...env, NODE_ENV: 'production', CORS_ORIGINS: ['https://shop.example'] }).cors.origins, ['https://shop.example']);
});

test('every limit comes from the environment, defaulting to limits.ts', () => {
  assert.deepEqual(guardrailsFrom({ ...env, NODE_ENV: 'development' }).limits, REQUEST_LIMITS);
  assert.equal(guardrailsFrom({ ...env, MAX_OPERATION_COST: 42 }).limits.cost, 42);
});

test('tests get rate limits their own traffic never reaches; production real ones and no introspection', () => {
  assert.equal(guardrailsFrom({ ...env, NODE_ENV: 'test', RATE_LIMIT_ANONYMOUS_POINTS: undefined }).rateLimits?.anonymousPoints, 1_000_000);
  const production = guardrailsFrom({ ...env, NODE_ENV: 'production', RATE_LIMIT_ANONYMOUS_POINTS: undefined, RATE_LIMIT_CUSTOMER_POINTS: 50 });
  assert.deepEqual([production.rateLimits?.anonymousPoints, production.rateLimits?.customerPoints, production.production], [300, 50, true]);
});
