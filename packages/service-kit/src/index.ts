// The pure values (ids, money, countries, addresses, error codes, roles) live in
// @commerce/domain-kit and are re-exported here, so existing imports keep working.
export * from '@commerce/domain-kit';
export * from './env.ts';
export * from './logger.ts';
export * from './errors.ts';
export * from './health.ts';
export * from './http.ts';
export * from './shutdown.ts';
export * from './postgres.ts';
export * from './mongo.ts';
export * from './each-key.ts';
export * from './kafka.ts';
export * from './subgraph.ts';
export * from './auth.ts';
export * from './periodic.ts';
export * from './text.ts';
export * from './input-check.ts';
export * from './statements.ts';
export * from './run.ts';
