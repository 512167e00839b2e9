import type { DataSource } from 'typeorm';
import { OrderCancelled, ShipmentRequested, TOPICS, newEvent, type EventEnvelope, type PostalAddress } from '@commerce/events';
import { createPostgresDataSource, newId, type Logger, type TokenVerifier } from '@commerce/service-kit';
import { discardOutbox, infra, outboxOf as outboxOfTopic, waitFor } from '@commerce/testkit';
import type { Deps } from '../src/context.ts';
import { createDeps } from '../src/deps.ts';
import { entities, migrations } from '../src/store/index.ts';

export { discardOutbox, waitFor };

/** The shipping outbox's events of an aggregate, in publish order. */
export const outboxOf = (dataSource: DataSource, orderId: string): Promise<EventEnvelope[]> => outboxOfTopic(dataSource, TOPICS.shipments, orderId);

/** The types of those events, in publish order. */
export const outboxTypes = async (dataSource: DataSource, orderId: string): Promise<string[]> =>
  (await outboxOf(dataSource, orderId)).map((event) => event.eventType);

export const databaseUrl = infra.postgresUrl('shipping');

/** A DataSource on the shared shipping database, migrated; `onQuery` sees every statement. */
export function connect(logger: Logger, options: { onQuery?: (sql: string) => void } = {}): Promise<DataSource> {
  return createPostgresDataSource({
    url: databaseUrl,
    applicationName: 'shipping-test',
    entities,
    migrations,
    logger,
    ...(options.onQuery ? { onQuery: options.onQuery } : {}),
  });
}

/** Stores over a DataSource with the sandbox carrier; tests that never verify tokens get one that refuses all. */
export function depsFor(dataSource: DataSource, logger: Logger, verifyToken?: TokenVerifier): Deps {
  return createDeps({
    dataSource,
    logger,
    currency: 'EUR',
    verifyToken: verifyToken ?? (() => Promise.reject(new Error('no tokens in this test'))),
  });
}

export const newOrderId = () => newId('ord');
export const newCustomerId = () => newId('cus');

export function address(overrides: Partial<PostalAddress> = {}): PostalAddress {
  return {
    recipient: 'Ada Lovelace',
    line1: 'Oudegracht 1',
    line2: null,
    city: 'Utrecht',
    region: null,
    postalCode: '3511 AA',
    country: 'NL',
    phone: null,
    ...overrides,
  };
}

export interface RequestOptions {
  customerId?: string;
  service?: 'STANDARD' | 'EXPRESS';
  address?: Partial<PostalAddress>;
  lines?: { quantity: number; weightGrams?: number | null }[];
}

/** A ShipmentRequested envelope as orders sends it. */
export function shipmentRequested(orderId: string, options: RequestOptions = {}) {
  return newEvent(ShipmentRequested, {
    aggregateId: orderId,
    data: {
      orderId,
      customerId: options.customerId ?? 'cus_01JD3ZK5W7Y8X9Q2R3S4T5V6W7',
      service: options.service ?? 'STANDARD',
      address: address(options.address),
      lines: (options.lines ?? [{ quantity: 2, weightGrams: 400 }]).map((line, i) => ({
        variantId: `var_${orderId.slice(-8)}${i}`,
        sku: `SKU-${i}`,
        quantity: line.quantity,
        weightGrams: line.weightGrams,
      })),
      requestedAt: new Date().toISOString(),
    },
  });
}

export const orderCancelled = (orderId: string, customerId = 'cus_01JD3ZK5W7Y8X9Q2R3S4T5V6W7', reason = 'customer request') =>
  newEvent(OrderCancelled, {
    aggregateId: orderId,
    data: { orderId, customerId, reason, cancelledAt: new Date().toISOString() },
  });

/** A shipment straight from the store, for tests about what happens afterwards. */
export async function shipOrder(deps: Deps, options: RequestOptions & { orderId?: string } = {}) {
  const orderId = options.orderId ?? newOrderId();
  const event = shipmentRequested(orderId, options);
  const outcome = await deps.shipments.create({ ...event.data });
  if (outcome.kind !== 'created') throw new Error(`expected a new shipment for ${orderId}, got ${outcome.kind}`);
  return outcome.shipment;
}

/** Compact view of an order's outbox: type, and for status changes previous → status. */
export async function outboxSummary(dataSource: DataSource, orderId: string): Promise<string[]> {
  return (await outboxOf(dataSource, orderId)).map(summarize);
}

export function summarize(event: EventEnvelope): string {
  const data = event.data as { previous?: string | null; status?: string };
  return event.eventType === 'ShipmentStatusChanged' ? `${event.eventType} ${data.previous ?? 'null'} → ${data.status}` : event.eventType;
}

export async function shipmentsOfOrder(dataSource: DataSource, orderId: string): Promise<{ id: string; status: string }[]> {
  return dataSource.query('select id, status from shipments where order_id = $1', [orderId]);
}

export async function trackingOf(dataSource: DataSource, shipmentId: string): Promise<[string, string | null][]> {
  const rows: { status: string; location: string | null }[] = await dataSource.query(
    'select status, location from tracking_events where shipment_id = $1 order by occurred_at, id',
    [shipmentId],
  );
  return rows.map((row) => [row.status, row.location]);
}

/**
 * Ends a suite's shipments that are still on their way, without events: the database is
 * shared and keeps them, and a sandbox carrier round in a later run (or another suite)
 * would otherwise go on scanning them and publishing events about test orders.
 */
export async function retireShipments(dataSource: DataSource, orderIds: string[]): Promise<void> {
  await dataSource.query(
    `update shipments set status = 'CANCELLED' where order_id = any($1::text[]) and status not in ('DELIVERED', 'CANCELLED')`,
    [orderIds],
  );
}
