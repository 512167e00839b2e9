import type { Connection } from 'mongoose';
import { createMongoLocks, type Logger, type MongoLocks, type TokenVerifier } from '@commerce/service-kit';
import { createInboxStore, type InboxStore } from './store/inbox-store.ts';
import { createProductStore, type ProductStore } from './store/product-store.ts';
import { createPurchaseStore, type PurchaseStore } from './store/purchase-store.ts';
import { createReviewStore, type ReviewStore } from './store/review-store.ts';
import { createVoteStore, type VoteStore } from './store/vote-store.ts';

export interface Stores {
  reviews: ReviewStore;
  votes: VoteStore;
  products: ProductStore;
  purchases: PurchaseStore;
  inbox: InboxStore;
}

export interface Deps extends Stores {
  logger: Logger;
  verifyToken: TokenVerifier;
  /** Named locks over the connection (the rating's read-modify-write, shared with the outbox relay). */
  locks: MongoLocks;
  /** Wakes the outbox relay after a rating event was written; set by main once the relay runs. */
  wakeRelay?: () => void;
}

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
  return {
    ...(await createStores(options.connection)),
    logger: options.logger,
    verifyToken: options.verifyToken,
    locks: createMongoLocks(options.connection),
  };
}
