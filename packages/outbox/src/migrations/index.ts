import { CreateInbox1795271000001 } from './1795271000001-create-inbox.ts';
import { CreateOutbox1795271000000 } from './1795271000000-create-outbox.ts';
import { NotifyOutbox1795271000002 } from './1795271000002-notify-outbox.ts';

export { CreateInbox1795271000001, CreateOutbox1795271000000, NotifyOutbox1795271000002 };

/** The outbox and inbox tables and the relay's notification; append to a service's own TypeORM migrations list. */
export const outboxMigrations = [CreateOutbox1795271000000, CreateInbox1795271000001, NotifyOutbox1795271000002];
