// The mobile app's data layer: typed operations (generated from the supergraph) and a client
// that sends only their manifest ids.
export * from './generated/graphql.ts';
export { CLIENT_NAME, OperationError, createMobileClient, type MobileClient, type MobileClientOptions, type Sink } from './client/client.ts';
export { persistedOperation, type PersistedOperation } from './client/operations.ts';
export { createMemorySessionStore, createSession, type Session, type SessionStore, type SessionTokens } from './client/session.ts';
