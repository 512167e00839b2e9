import type { SearchDeps } from './services/search-service.ts';

/** Search answers the same to everyone (only ACTIVE products are findable): no viewer, no loaders. */
export type Context = SearchDeps;
