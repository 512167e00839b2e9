import type { EventEnvelope } from '@commerce/events';
import type { FormattedExecutionResult } from 'graphql';
import { concerns, type EventSource, type SubscriptionField } from './config.ts';
import { advanceTo, type Cursor, type Positions } from './cursor.ts';

/** One event as the feed hands it out. */
export interface FeedRecord {
  topic: string;
  partition: number;
  offset: number;
  event: EventEnvelope;
  /** The live feed's positions right after this record; absent for records replayed for one subscriber. */
  after?: Positions;
}

/** What one payload shows: an entity, at a version when the field pins one. */
export interface Resolution {
  entityId: string;
  version?: number;
  correlationId?: string;
}

/** Payload resolutions started for one record, shared by subscribers asking the same thing. */
export type SharedResolutions = Map<string, Promise<FormattedExecutionResult>>;

export interface SubscriberOptions {
  field: string;
  config: SubscriptionField;
  args: Record<string, unknown>;
  /** Who subscribed (personal feeds follow their own events). */
  viewerId: string;
  /** Same text ⇔ same query, variables and identity: such subscribers share resolutions. */
  resolutionKey: string;
  /** Names the subscription in its cursors, so a cursor resumes only the same one. */
  scope: string;
  /** Where the subscriber stands; records below are skipped as already delivered. */
  seen: Positions;
  /** The version of the entity the subscriber was last shown (single-entity fields). */
  version?: number;
  /** Payloads waiting to be sent beyond which the subscriber is dropped. */
  queueLimit: number;
  /** Writes the cursor of each payload (signed: hub.ts). */
  encodeCursor: (cursor: Cursor) => string;
  resolve: (resolution: Resolution) => Promise<FormattedExecutionResult>;
  /** The queue overflowed: the subscriber has ended; close its connection. */
  onOverflow: (subscriber: Subscriber) => void;
  onPushed: (field: string, eventTime: number | undefined) => void;
  /** Called once when the subscriber ends, whatever the reason. */
  onEnd: (subscriber: Subscriber) => void;
}

interface Queued {
  result: Promise<FormattedExecutionResult>;
  extensions: Record<string, unknown>;
  eventTime?: number;
  /** The last payload: the subscription completes after it. */
  final?: boolean;
}

const INTERNAL: FormattedExecutionResult = {
  errors: [{ message: 'This update could not be resolved; resubscribe with the last cursor.', extensions: { code: 'INTERNAL_SERVER_ERROR' } }],
};

/**
 * One subscription: takes the records meant for it in order, skips what it has already
 * been shown, starts each payload's resolution at once, and hands payloads out in record
 * order. Until `goLive`, live records wait so that the current state or a replay goes first.
 * An async iterator that graphql-ws drains; `return()` ends it from the client's side.
 */
export class Subscriber implements AsyncIterableIterator<FormattedExecutionResult> {
  readonly field: string;
  readonly args: Record<string, unknown>;
  private readonly options: SubscriberOptions;
  private readonly seen: Positions;
  private version: number | undefined;
  /** Tracks the one entity's version, so a change already shown is not shown again. */
  private readonly tracksVersion: boolean;
  private live = false;
  private ended = false;
  private readonly pending: { record: FeedRecord; shared?: SharedResolutions }[] = [];
  private readonly queue: Queued[] = [];
  private wake: (() => void) | undefined;
  /** A replay waiting for the client to take payloads off the queue. */
  private roomWanted: { free: number; resolve: () => void } | undefined;

  constructor(options: SubscriberOptions) {
    this.options = options;
    this.field = options.field;
    this.args = options.args;
    this.seen = options.seen;
    this.version = options.version;
    this.tracksVersion = options.config.audience.kind === 'argument' && options.config.resolveWith.versionArgument !== undefined;
  }

  get isEnded(): boolean {
    return this.ended;
  }

  /** Whether the record is one this subscription shows (live or replayed alike). */
  matches(record: FeedRecord): boolean {
    return concerns(this.options.config.audience, this.args, this.options.viewerId, record.event.data as Record<string, unknown>);
  }

  /**
   * Resolves once `free` more payloads fit in the queue, or the subscriber ended. A replay
   * waits on it before each record it hands over, so a backlog of any size streams at the
   * client's pace and only live records can overflow the queue.
   */
  room(free = 1): Promise<void> {
    if (this.hasRoom(free)) return Promise.resolve();
    return new Promise((resolve) => (this.roomWanted = { free, resolve }));
  }

  /** A live record: shown now, or after the current state or replay when not live yet. */
  offer(record: FeedRecord, shared?: SharedResolutions): void {
    if (this.ended) return;
    if (!this.live) {
      this.pending.push({ record, ...(shared ? { shared } : {}) });
      if (this.pending.length > this.options.queueLimit) this.overflow();
      return;
    }
    this.accept(record, shared);
  }

  /**
   * A record in order (live or replayed): skipped if already shown or not for this
   * subscription (its position still counts as seen), else queued as a payload.
   */
  accept(record: FeedRecord, shared?: SharedResolutions): void {
    if (this.ended) return;
    const offsets = (this.seen[record.topic] ??= []);
    if (record.offset < (offsets[record.partition] ?? 0)) return;
    offsets[record.partition] = record.offset + 1;
    if (record.after) advanceTo(this.seen, record.after);
    if (!this.matches(record)) return;

    const source = this.sourceOf(record);
    if (!source) return;
    const data = record.event.data as Record<string, unknown>;
    const eventVersion = source.versionField ? data[source.versionField] : undefined;
    let version: number | undefined;
    if (typeof eventVersion === 'number') {
      if (this.tracksVersion && this.version !== undefined && eventVersion <= this.version) return;
      version = eventVersion;
      if (this.tracksVersion) this.version = eventVersion;
    } else if (this.tracksVersion) {
      version = this.version;
    }
    const resolution = { entityId: String(data[source.entityField]), ...(version !== undefined ? { version } : {}), correlationId: record.event.correlationId };
    const { eventId, eventType, occurredAt } = record.event;
    this.enqueue({
      result: this.resolveShared(resolution, shared),
      extensions: { cursor: this.cursor(), event: { id: eventId, type: eventType, occurredAt } },
      eventTime: Date.parse(occurredAt),
    });
  }

  /** The entity as it is now, pushed before anything else. */
  pushCurrent(entityId: string, version?: number): void {
    if (this.tracksVersion && version !== undefined) this.version = version;
    const resolution = { entityId, ...(this.tracksVersion && version !== undefined ? { version } : {}) };
    this.enqueue({ result: this.resolveShared(resolution), extensions: { cursor: this.cursor(), event: null } });
  }

  /** Shows the live records that arrived meanwhile, then every live record as it comes. */
  goLive(): void {
    for (const { record, shared } of this.pending.splice(0)) this.accept(record, shared);
    this.live = true;
  }

  /** Ends the subscription after the payloads already queued, with `last` as the final one. */
  finish(last?: FormattedExecutionResult): void {
    if (this.ended) return;
    if (last) this.queue.push({ result: Promise.resolve(last), extensions: {}, final: true });
    this.end();
  }

  async next(): Promise<IteratorResult<FormattedExecutionResult>> {
    for (;;) {
      const item = this.queue.shift();
      if (item) {
        this.offerRoom();
        const result = await item.result.catch(() => INTERNAL);
        this.options.onPushed(this.field, item.eventTime);
        const extensions = { ...result.extensions, ...item.extensions };
        return { done: false, value: Object.keys(extensions).length > 0 ? { ...result, extensions } : result };
      }
      if (this.ended) return { done: true, value: undefined };
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
  }

  /** The client completed or disconnected. */
  return(): Promise<IteratorResult<FormattedExecutionResult>> {
    this.queue.length = 0;
    this.end();
    return Promise.resolve({ done: true, value: undefined });
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  private sourceOf(record: FeedRecord): EventSource | undefined {
    return this.options.config.sources.find((source) => source.topic === record.topic && source.eventTypes.includes(record.event.eventType));
  }

  private resolveShared(resolution: Resolution, shared?: SharedResolutions): Promise<FormattedExecutionResult> {
    if (!shared) return this.options.resolve(resolution);
    const key = `${this.options.resolutionKey}\u0000${resolution.entityId}\u0000${resolution.version ?? ''}`;
    let result = shared.get(key);
    if (!result) {
      result = this.options.resolve(resolution);
      shared.set(key, result);
    }
    return result;
  }

  private cursor(): string {
    return this.options.encodeCursor({
      positions: this.seen,
      ...(this.tracksVersion && this.version !== undefined ? { version: this.version } : {}),
      scope: this.options.scope,
    });
  }

  private enqueue(item: Queued): void {
    if (this.queue.length >= this.options.queueLimit) {
      this.overflow();
      return;
    }
    // A resolution that fails is shown as an error payload; never an unhandled rejection.
    item.result.catch(() => undefined);
    this.queue.push(item);
    this.wakeUp();
  }

  private overflow(): void {
    this.queue.length = 0;
    this.end();
    this.options.onOverflow(this);
  }

  private end(): void {
    if (this.ended) return;
    this.ended = true;
    this.pending.length = 0;
    this.options.onEnd(this);
    this.wakeUp();
    this.offerRoom();
  }

  private hasRoom(free: number): boolean {
    return this.ended || this.queue.length + free <= this.options.queueLimit;
  }

  private offerRoom(): void {
    const wanted = this.roomWanted;
    if (!wanted || !this.hasRoom(wanted.free)) return;
    this.roomWanted = undefined;
    wanted.resolve();
  }

  private wakeUp(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }
}
