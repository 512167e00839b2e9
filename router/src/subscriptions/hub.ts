import { createHash } from 'node:crypto';
import { GraphQLError, type FormattedExecutionResult } from 'graphql';
import type { Logger, Viewer } from '@commerce/service-kit';
import type { RouterContext } from '../context.ts';
import { eventAudience, eventKey, fieldsByEvent, subscriberAudience, type SubscriptionField } from './config.ts';
import { copyPositions, createCursorCodec, replayFrom, type CursorCodec, type Positions } from './cursor.ts';
import { ENTITY_VARIABLE, VERSION_VARIABLE, type PreparedSubscription } from './operation.ts';
import { Subscriber, type FeedRecord, type SharedResolutions } from './subscriber.ts';
import type { SubscriptionMetrics } from '../metrics.ts';

/** Runs an operation through the gateway, as the given caller. */
export type Execute = (
  query: string,
  variables: Record<string, unknown>,
  context: RouterContext,
  operationName?: string,
) => Promise<FormattedExecutionResult>;

/** What the hub needs of the event feed. */
export interface Feed {
  readonly ready: boolean;
  readonly positions: Positions;
  replay(from: Positions, to: Positions, onRecord: (record: FeedRecord) => Promise<void>, signal?: AbortSignal): Promise<void>;
}

export interface HubOptions {
  fields: Record<string, SubscriptionField>;
  feed: Feed;
  execute: Execute;
  metrics: SubscriptionMetrics;
  logger: Logger;
  /** Payloads a subscriber may have waiting before it is dropped. */
  queueLimit: number;
  /** HMAC keys of the cursors: the first signs, all verify (cursor.ts). */
  cursorKeys: readonly string[];
}

export interface SubscribeRequest {
  prepared: PreparedSubscription;
  viewer: Viewer;
  context: RouterContext;
  /** The `after` argument: a cursor this subscription sent. */
  after?: string;
  /** Ends the subscriber's connection: it fell too far behind. */
  drop: (reason: string) => void;
}

/** Close reason for a subscriber that does not keep up. */
export const SLOW_CONSUMER = 'Slow consumer: too many updates waiting; reconnect and resume from your last cursor.';

/**
 * Routes every event of the feed to the subscriptions it concerns and resolves each payload
 * through the gateway with the subscriber's credentials (one resolution per event for
 * subscribers with the same operation and identity).
 */
export class SubscriptionHub {
  private readonly options: HubOptions;
  /** topic + event type → the fields fed by it. */
  private readonly routes: ReadonlyMap<string, string[]>;
  /** field + audience value → its subscribers. */
  private readonly index = new Map<string, Set<Subscriber>>();
  private readonly active = new Set<Subscriber>();
  private readonly keys = new WeakMap<Subscriber, string>();
  private readonly cursors: CursorCodec;

  constructor(options: HubOptions) {
    this.options = options;
    this.routes = fieldsByEvent(options.fields);
    this.cursors = createCursorCodec(options.cursorKeys);
  }

  /** Serves from another feed from now on (the previous one failed). */
  useFeed(feed: Feed): void {
    this.options.feed = feed;
  }

  /** A live record from the feed: offered to every subscriber it concerns. */
  dispatch(record: FeedRecord): void {
    this.options.metrics.eventsConsumed.inc({ topic: record.topic });
    const fields = this.routes.get(eventKey(record.topic, record.event.eventType));
    if (!fields) return;
    const data = record.event.data as Record<string, unknown>;
    let live: FeedRecord | undefined;
    const shared: SharedResolutions = new Map();
    for (const field of fields) {
      const { audience } = this.options.fields[field]!;
      const subscribers = this.index.get(indexKey(field, eventAudience(audience, data)));
      if (!subscribers) continue;
      live ??= { ...record, after: copyPositions(this.options.feed.positions) };
      for (const subscriber of subscribers) subscriber.offer(live, shared);
    }
  }

  /**
   * Checks the subscription with the subscriber's credentials (the owning subgraphs decide),
   * then starts it: the current state or the replay from the cursor first, live events after.
   */
  async subscribe(request: SubscribeRequest): Promise<Subscriber | GraphQLError[]> {
    const { fields, feed, logger } = this.options;
    const { prepared, viewer, context } = request;
    const config = fields[prepared.field];
    if (!config) return [new GraphQLError(`The router does not serve ${prepared.field}.`, { extensions: { code: 'BAD_USER_INPUT' } })];
    if (!feed.ready) {
      return [new GraphQLError('Live updates are unavailable right now; try again shortly.', { extensions: { code: 'SERVICE_UNAVAILABLE' } })];
    }
    const scope = scopeOf(prepared, config, viewer);
    // Refused before anything is read: a cursor the router did not sign names no positions it trusts.
    const cursor = request.after === undefined ? undefined : this.cursors.decode(request.after);
    if (request.after !== undefined && !cursor) {
      return [new GraphQLError('The cursor is not valid; pass extensions.cursor from a payload of this subscription, or subscribe without after.', { extensions: { code: 'BAD_USER_INPUT' } })];
    }
    if (cursor && cursor.scope !== scope) {
      return [new GraphQLError('This cursor belongs to another subscription; resume with a cursor this one sent.', { extensions: { code: 'BAD_USER_INPUT' } })];
    }
    const topics = [...new Set(config.sources.map((source) => source.topic))];
    const edge = copyPositions(feed.positions, topics);
    const start = cursor ? replayFrom(cursor.positions, edge, topics) : edge;
    const replayed = new AbortController();
    const subscriber = new Subscriber({
      field: prepared.field,
      config,
      args: prepared.args,
      viewerId: viewer.id,
      scope,
      resolutionKey: `${prepared.query}\u0000${JSON.stringify(prepared.variables)}\u0000${viewer.id}\u0000${[...viewer.roles].sort().join(',')}`,
      seen: copyPositions(start),
      ...(cursor?.version !== undefined ? { version: cursor.version } : {}),
      queueLimit: this.options.queueLimit,
      encodeCursor: (position) => this.cursors.encode(position),
      resolve: (resolution) => {
        this.options.metrics.resolutions.inc({ field: prepared.field });
        return this.options.execute(
          prepared.query,
          { ...prepared.variables, [ENTITY_VARIABLE]: resolution.entityId, ...(resolution.version !== undefined ? { [VERSION_VARIABLE]: resolution.version } : {}) },
          { ...context, unmerged: true, ...(resolution.correlationId ? { correlationId: resolution.correlationId } : {}) },
        );
      },
      onOverflow: () => {
        this.options.metrics.dropped.inc({ reason: 'slow_consumer' });
        request.drop(SLOW_CONSUMER);
      },
      onPushed: (field, eventTime) => {
        this.options.metrics.pushed.inc({ field });
        if (eventTime !== undefined) this.options.metrics.lag.observe({ field }, Math.max(0, Date.now() - eventTime) / 1000);
      },
      onEnd: (ended) => {
        this.remove(ended);
        replayed.abort();
      },
    });
    // Registered before the check: whatever happens from here on is kept for it.
    this.add(subscriber, config, viewer);

    let checked: FormattedExecutionResult | undefined;
    if (config.check) {
      const variables = Object.fromEntries(Object.entries(config.check.variables).map(([name, argument]) => [name, prepared.args[argument]]));
      // Unmerged like every payload: the first one must not predate what was registered above.
      checked = await this.options.execute(config.check.query, variables, { ...context, unmerged: true }).catch((err: unknown) => {
        logger.error({ err, field: prepared.field }, 'subscription check failed');
        return { errors: [{ message: 'Could not start the subscription; try again.', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] };
      });
      if (checked.errors?.length) {
        subscriber.finish();
        return checked.errors.map((error) => new GraphQLError(error.message, { extensions: error.extensions ?? {} }));
      }
    }

    if (cursor) {
      // Replayed in the background: the subscription is accepted now and shows what it missed
      // first, read no faster than the client takes it. Live records meanwhile wait in `pending`
      // (bounded by the queue limit) until the replay's payloads are out.
      const replay = async (record: FeedRecord) => {
        if (subscriber.matches(record)) await subscriber.room();
        subscriber.accept(record);
      };
      feed
        .replay(start, edge, replay, replayed.signal)
        .then(() => subscriber.room(this.options.queueLimit))
        .then(() => subscriber.goLive())
        .catch((err: unknown) => {
          logger.warn({ err, field: prepared.field }, 'replay from a cursor failed');
          subscriber.finish({
            errors: [{ message: 'Could not replay what you missed; resubscribe with the same cursor.', extensions: { code: 'RESUME_FAILED' } }],
          });
        });
    } else {
      const version = config.check?.versionPath ? at(checked?.data, config.check.versionPath)[0] : undefined;
      const current = config.check?.currentPath ? at(checked?.data, config.check.currentPath) : [];
      for (const id of current) subscriber.pushCurrent(String(id), typeof version === 'number' ? version : undefined);
      subscriber.goLive();
    }
    return subscriber;
  }

  /** Ends every subscription with `last` as its final payload (e.g. the supergraph changed). */
  endAll(last: FormattedExecutionResult): void {
    for (const subscriber of [...this.active]) subscriber.finish(last);
  }

  private add(subscriber: Subscriber, config: SubscriptionField, viewer: Viewer): void {
    const key = indexKey(subscriber.field, subscriberAudience(config.audience, subscriber.args, viewer.id));
    let set = this.index.get(key);
    if (!set) this.index.set(key, (set = new Set()));
    set.add(subscriber);
    this.active.add(subscriber);
    this.keys.set(subscriber, key);
    this.options.metrics.active.inc({ field: subscriber.field });
  }

  private remove(subscriber: Subscriber): void {
    if (!this.active.delete(subscriber)) return;
    const key = this.keys.get(subscriber) ?? '';
    const set = this.index.get(key);
    set?.delete(subscriber);
    if (set?.size === 0) this.index.delete(key);
    this.options.metrics.active.dec({ field: subscriber.field });
  }
}

const indexKey = (field: string, value: string) => `${field}\u0000${value}`;

/** A short name for what a subscription follows: its field, arguments (but the cursor) and, for personal feeds, whose. */
function scopeOf(prepared: PreparedSubscription, config: SubscriptionField, viewer: Viewer): string {
  const { after: _after, ...args } = prepared.args;
  const whose = config.audience.kind === 'viewer' ? viewer.id : '';
  return createHash('sha256').update(JSON.stringify([prepared.field, args, whose])).digest('base64url').slice(0, 16);
}

/** The values at `path` in `data`, stepping through lists. */
function at(data: unknown, path: readonly string[]): unknown[] {
  let values: unknown[] = [data];
  for (const step of path) {
    values = values
      .flatMap((value) => (Array.isArray(value) ? value : [value]))
      .map((value) => (value && typeof value === 'object' ? (value as Record<string, unknown>)[step] : undefined))
      .filter((value) => value !== undefined && value !== null);
  }
  return values.flatMap((value) => (Array.isArray(value) ? value : [value]));
}
