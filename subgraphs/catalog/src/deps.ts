import type { Connection } from 'mongoose';
import { createMongoLocks, type Logger, type TokenVerifier } from '@commerce/service-kit';
import type { Deps } from './context.ts';
import { catalogInputs } from './domain/validation.ts';
import { createCategoryStore } from './store/category-store.ts';
import { createProductStore } from './store/product-store.ts';

/** Wires the stores over an open connection (shared by main and the tests). */
export async function createDeps(options: {
  connection: Connection;
  logger: Logger;
  verifyToken: TokenVerifier;
  currency: string;
  eventsWritten?: () => void;
}): Promise<Deps> {
  const locks = createMongoLocks(options.connection);
  return {
    logger: options.logger,
    locks,
    products: await createProductStore(options.connection, locks, options.logger),
    categories: await createCategoryStore(options.connection),
    verifyToken: options.verifyToken,
    currency: options.currency,
    inputs: catalogInputs(options.currency),
    eventsWritten: options.eventsWritten ?? (() => undefined),
  };
}
