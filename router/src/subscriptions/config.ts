import { TOPICS } from '@commerce/events';

/** Where a subscription field's events come from. */
export interface EventSource {
  topic: string;
  eventTypes: readonly string[];
  /** The data field naming the entity a payload is resolved for (e.g. the order). */
  entityField: string;
  /** The data field carrying the entity's version after the event, when the event has one. */
  versionField?: string;
}

/** Which subscribers of a field an event goes to. */
export type Audience =
  /** Those whose `argument` equals the event's `eventField` (e.g. orderUpdated(orderId)). */
  | { kind: 'argument'; argument: string; eventField: string }
  /** The signed-in customer named by the event's `eventField` (e.g. myOrderUpdates). */
  | { kind: 'viewer'; eventField: string }
  /** Every subscriber; those that passed a list `argument` only when it holds the event's `eventField`. */
  | { kind: 'all'; listArgument?: string; eventField?: string };

/**
 * A query run with the subscriber's credentials when it subscribes. Its errors refuse the
 * subscription (the owning subgraph decides: NOT_FOUND, FORBIDDEN, ...).
 */
export interface SubscribeCheck {
  query: string;
  /** Query variable name → subscription argument name. */
  variables: Record<string, string>;
  /** Path in the answer to the entity's current version (pins the first push). */
  versionPath?: readonly string[];
  /** Path in the answer to a list of entity ids pushed first, as they are now. */
  currentPath?: readonly string[];
}

export interface SubscriptionField {
  /**
   * The query field one payload is resolved with: the subscription's selection set runs under
   * it, with `idArgument` set to the event's entity and `versionArgument` (if any) to the
   * version the payload shows.
   */
  resolveWith: { field: string; idArgument: string; versionArgument?: string };
  sources: readonly EventSource[];
  audience: Audience;
  check?: SubscribeCheck;
}

const orderStatusChanges: EventSource = {
  topic: TOPICS.orders,
  eventTypes: ['OrderStatusChanged'],
  entityField: 'orderId',
  versionField: 'version',
};

const paymentChanges: EventSource = {
  topic: TOPICS.payments,
  eventTypes: ['PaymentAuthorized', 'PaymentFailed', 'PaymentCaptured', 'PaymentVoided', 'PaymentRefunded'],
  entityField: 'orderId',
};

const shipmentChanges = (entityField: string): EventSource => ({
  topic: TOPICS.shipments,
  eventTypes: ['ShipmentCreated', 'ShipmentStatusChanged'],
  entityField,
});

const order = { field: 'order', idArgument: 'id', versionArgument: 'version' };

/**
 * Every Subscription field of the supergraph the router serves: its Kafka topics and event
 * types, the event field that identifies the entity, who receives each event, and the query
 * that resolves a payload. A subscription field missing here is refused.
 */
export const subscriptionFields: Record<string, SubscriptionField> = {
  orderUpdated: {
    resolveWith: order,
    sources: [orderStatusChanges, paymentChanges, shipmentChanges('orderId')],
    audience: { kind: 'argument', argument: 'orderId', eventField: 'orderId' },
    check: {
      query: 'query OrderUpdatedCheck($id: ID!) { order(id: $id) { id version } }',
      variables: { id: 'orderId' },
      versionPath: ['order', 'version'],
      currentPath: ['order', 'id'],
    },
  },
  myOrderUpdates: {
    resolveWith: order,
    sources: [orderStatusChanges],
    audience: { kind: 'viewer', eventField: 'customerId' },
  },
  orderFeed: {
    resolveWith: order,
    sources: [orderStatusChanges],
    audience: { kind: 'all', listArgument: 'status', eventField: 'next' },
    // Admins only, as the orders subgraph decides for its admin listing.
    check: { query: 'query OrderFeedCheck { orders(first: 0) { totalCount } }', variables: {} },
  },
  shipmentUpdated: {
    resolveWith: { field: 'shipment', idArgument: 'id' },
    sources: [shipmentChanges('shipmentId')],
    audience: { kind: 'argument', argument: 'orderId', eventField: 'orderId' },
    check: {
      query: 'query ShipmentUpdatedCheck($id: ID!) { order(id: $id) { shipments { id } } }',
      variables: { id: 'orderId' },
      currentPath: ['order', 'shipments', 'id'],
    },
  },
};

/** Every topic some subscription field reads. */
export function topicsOf(fields: Record<string, SubscriptionField>): string[] {
  return [...new Set(Object.values(fields).flatMap((field) => field.sources.map((source) => source.topic)))].sort();
}

/** topic + event type → the fields that event feeds (what the hub routes by). */
export function fieldsByEvent(fields: Record<string, SubscriptionField>): ReadonlyMap<string, string[]> {
  const routes = new Map<string, string[]>();
  for (const [name, field] of Object.entries(fields)) {
    for (const source of field.sources) {
      for (const type of source.eventTypes) {
        const key = eventKey(source.topic, type);
        routes.set(key, [...new Set([...(routes.get(key) ?? []), name])]);
      }
    }
  }
  return routes;
}

export const eventKey = (topic: string, eventType: string) => `${topic}\u0000${eventType}`;

/** Which audience a subscriber belongs to: the hub indexes subscribers by it. */
export function subscriberAudience(audience: Audience, args: Record<string, unknown>, viewerId: string): string {
  if (audience.kind === 'argument') return String(args[audience.argument]);
  if (audience.kind === 'viewer') return viewerId;
  return '*';
}

/** Which audience an event goes to: the subscribers whose subscriberAudience is the same. */
export function eventAudience(audience: Audience, data: Record<string, unknown>): string {
  return audience.kind === 'all' ? '*' : String(data[audience.eventField]);
}

/**
 * Whether an event is one a subscriber with these arguments and identity receives. Live and
 * replayed events both pass through here, so a resumed stream holds what the live one would.
 */
export function concerns(audience: Audience, args: Record<string, unknown>, viewerId: string, data: Record<string, unknown>): boolean {
  if (eventAudience(audience, data) !== subscriberAudience(audience, args, viewerId)) return false;
  if (audience.kind !== 'all' || !audience.listArgument || !audience.eventField) return true;
  const wanted = args[audience.listArgument];
  return !Array.isArray(wanted) || wanted.includes(data[audience.eventField]);
}

/** Whether any field follows this event type on this topic: the feed skips the others unparsed. */
export function followedBy(fields: Record<string, SubscriptionField>): (topic: string, eventType: string) => boolean {
  const routes = fieldsByEvent(fields);
  return (topic, eventType) => routes.has(eventKey(topic, eventType));
}
