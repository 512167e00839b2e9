// One transaction per write, with the inbox when the write reacts to an event (shared by the PostgreSQL services).
export { ALREADY_PROCESSED, causeOf, transact, type AlreadyProcessed, type Cause, type Trigger } from '@commerce/outbox';
export { isUniqueViolation } from '@commerce/service-kit';
