export * from './migrations/index.ts';
export * from './enqueue.ts';
export * from './relay.ts';
export * from './inbox.ts';
export * from './transact.ts';
export * from './mongo-relay.ts';
