import type { Connection } from 'mongoose';
import type { Logger, TokenVerifier } from '@commerce/service-kit';
import type { Deps, Stores } from './context.ts';
import { createInboxStore } from './store/inbox-store.ts';
import { createProductStore } from './store/product-store.ts';
import { createPurchaseStore } from './store/purchase-store.ts';
import { createReviewStore } from './store/review-store.ts';
import { createVoteStore } from './store/vote-store.ts';

/** Every store over one open connection (shared by main, the consumers and the tests). */
export async function createStores(connection: Connection): Promise<Stores> {
  const [reviews, votes, products, purchases, inbox] = await Promise.all([
    createReviewStore(connection),
    createVoteStore(connection),
    createProductStore(connection),
    createPurchaseStore(connection),
    createInboxStore(connection),
  ]);
  return { reviews, votes, products, purchases, inbox };
}

export async function createDeps(options: { connection: Connection; logger: Logger; verifyToken: TokenVerifier }): Promise<Deps> {
  return { ...(await createStores(options.connection)), logger: options.logger, verifyToken: options.verifyToken };
}
