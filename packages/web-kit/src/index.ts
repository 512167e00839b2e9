// What the storefront and the admin portal share: client setup, session, config, money, errors.
export { createAnonymousClient, createGraphQLClient, type GraphQLClientOptions } from './client';
export { readConfig, websocketUrlOf } from './config';
export { describeError, errorCode, fieldErrorsOf, messageFor, type FieldError } from './errors';
export { Field } from './field';
export { formatMoney } from './money';
export { createSessionStore, type BaseSession, type RefreshOutcome, type SessionStore, type SessionStoreOptions } from './session';
export { useResumableSubscription, type LiveState, type ResumableSubscription } from './live';
