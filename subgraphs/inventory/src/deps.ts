import type { DataSource } from 'typeorm';
import type { Logger, TokenVerifier } from '@commerce/service-kit';
import type { Deps } from './context.ts';
import { createStores } from './store/index.ts';

/** Wires the stores over an open DataSource (shared by main and the tests). */
export function createDeps(options: {
  dataSource: DataSource;
  logger: Logger;
  verifyToken: TokenVerifier;
  reservationTtlSeconds: number;
}): Deps {
  return {
    ...createStores(options.dataSource, { ttlSeconds: options.reservationTtlSeconds }),
    logger: options.logger,
    verifyToken: options.verifyToken,
  };
}
