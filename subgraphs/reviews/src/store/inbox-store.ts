import { Schema, type Connection } from 'mongoose';
import { expectWritten, isDuplicateKey, modelOn } from './models.ts';

/** One event seen by one consumer: claimed before its effect runs, done once the effect is durable. */
interface InboxDocument {
  /** `${consumer}:${eventId}` */
  _id: string;
  consumer: string;
  eventId: string;
  eventType: string;
  status: 'pending' | 'done';
  receivedAt: Date;
  doneAt: Date | null;
}

const inboxSchema = new Schema<InboxDocument>(
  {
    _id: { type: String, required: true },
    consumer: { type: String, required: true },
    eventId: { type: String, required: true },
    eventType: { type: String, required: true },
    status: { type: String, enum: ['pending', 'done'], required: true },
    receivedAt: { type: Date, required: true },
    doneAt: { type: Date, default: null },
  },
  { collection: 'inbox', versionKey: false },
);

/** What the inbox knew about an event when it was claimed. */
export type ClaimState = 'new' | 'pending' | 'done';

export async function createInboxStore(connection: Connection) {
  const Inbox = modelOn(connection, 'InboxEntry', inboxSchema);
  await Inbox.init();
  const key = (consumer: string, eventId: string) => `${consumer}:${eventId}`;

  return {
    /** Inserts a pending entry; if one exists (unique _id), reports whether it was finished. */
    async claim(consumer: string, event: { eventId: string; eventType: string }): Promise<ClaimState> {
      const _id = key(consumer, event.eventId);
      try {
        await Inbox.create({ _id, consumer, ...event, status: 'pending', receivedAt: new Date(), doneAt: null });
        return 'new';
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
      }
      const existing = await Inbox.findById(_id, { status: 1 }).lean<Pick<InboxDocument, 'status'>>();
      return existing?.status ?? 'new';
    },

    async markDone(consumer: string, eventId: string): Promise<void> {
      const result = await Inbox.updateOne({ _id: key(consumer, eventId) }, { $set: { status: 'done', doneAt: new Date() } });
      expectWritten({ ...result, upsertedCount: 0 }, `inbox entry ${key(consumer, eventId)}`);
    },

    async stateOf(consumer: string, eventId: string): Promise<ClaimState | undefined> {
      const doc = await Inbox.findById(key(consumer, eventId), { status: 1 }).lean<Pick<InboxDocument, 'status'>>();
      return doc?.status;
    },
  };
}
export type InboxStore = Awaited<ReturnType<typeof createInboxStore>>;
