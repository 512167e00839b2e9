import { CreateInbox1795271000001 } from './1795271000001-create-inbox.ts';
import { CreateOutbox1795271000000 } from './1795271000000-create-outbox.ts';

export { CreateInbox1795271000001, CreateOutbox1795271000000 };

/** The outbox and inbox tables; append to a service's own TypeORM migrations list. */
export const outboxMigrations = [CreateOutbox1795271000000, CreateInbox1795271000001];
