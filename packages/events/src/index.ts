export * from './topics.ts';
export * from './envelope.ts';
export * from './contracts.ts';
export * from './publish.ts';
export * from './consume.ts';
export * from './route.ts';
export * from './transient.ts';
