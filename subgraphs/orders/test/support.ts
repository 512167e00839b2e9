import type { Kafka } from 'kafkajs';
import type { DataSource } from 'typeorm';
import {
  OrderStatusChanged,
  PaymentAuthorized,
  PaymentFailed,
  PriceChanged,
  ProductCreated,
  ShipmentDelivered,
  ShipmentStatusChanged,
  StockReservationFailed,
  StockReserved,
  TOPICS,
  newEvent,
  matchEvent,
  type EventEnvelope,
} from '@commerce/events';
import { createPostgresDataSource, newId, type Logger, type TokenVerifier } from '@commerce/service-kit';
import { discardOutbox, infra, liveGroup, outboxOf as outboxOfTopic, waitFor } from '@commerce/testkit';
import type { Deps } from '../src/context.ts';
import { createDeps } from '../src/deps.ts';
import { SAGA_TOPICS, type ConsumerGroupEnv } from '../src/events/consumers.ts';
import { entities, migrations } from '../src/store/index.ts';

export { discardOutbox, waitFor };

/** The orders outbox's events of an aggregate, in publish order. */
export const outboxOf = (dataSource: DataSource, orderId: string): Promise<EventEnvelope[]> => outboxOfTopic(dataSource, TOPICS.orders, orderId);

/** The types of those events, in publish order. */
export const outboxTypes = async (dataSource: DataSource, orderId: string): Promise<string[]> =>
  (await outboxOf(dataSource, orderId)).map((event) => event.eventType);

export const databaseUrl = infra.postgresUrl('orders');

/** A DataSource on the shared orders database, migrated; `onQuery` sees every statement. */
export function connect(logger: Logger, options: { onQuery?: (sql: string) => void } = {}): Promise<DataSource> {
  return createPostgresDataSource({
    url: databaseUrl,
    applicationName: 'orders-test',
    entities,
    migrations,
    logger,
    ...(options.onQuery ? { onQuery: options.onQuery } : {}),
  });
}

/** Stores over a DataSource; tests that never verify tokens get one that refuses all. */
export function depsFor(dataSource: DataSource, logger: Logger, verifyToken?: TokenVerifier): Deps {
  return createDeps({
    dataSource,
    logger,
    verifyToken: verifyToken ?? (() => Promise.reject(new Error('no tokens in this test'))),
  });
}

/** Fresh consumer groups at the live edge of each topic orders reads, so a test sees only what it publishes. */
export async function liveConsumerGroups(kafka: Kafka): Promise<Record<ConsumerGroupEnv, string>> {
  return {
    CATALOG_CONSUMER_GROUP: await liveGroup(kafka, [TOPICS.catalog], 'orders-catalog-test-'),
    SAGA_CONSUMER_GROUP: await liveGroup(kafka, SAGA_TOPICS, 'orders-saga-test-'),
    CUSTOMERS_CONSUMER_GROUP: await liveGroup(kafka, [TOPICS.customers], 'orders-customers-test-'),
  };
}

export const newCustomerId = () => newId('cus');
export const newVariantId = () => newId('var');
export const newPaymentMethodId = () => newId('pm');

export const eur = (amount: number) => ({ amount, currency: 'EUR' });

export interface TestVariant {
  variantId: string;
  sku: string;
  name: string;
  price: number;
  weightGrams?: number;
}

/** A catalog ProductCreated announcing `variants` of a new (by default ACTIVE) product. */
export function productCreated(variants: TestVariant[], options: { productId?: string; status?: 'ACTIVE' | 'DRAFT' } = {}) {
  const productId = options.productId ?? newId('prd');
  return newEvent(ProductCreated, {
    aggregateId: productId,
    data: {
      productId,
      slug: productId.toLowerCase(),
      name: 'Test product',
      status: options.status ?? 'ACTIVE',
      variants: variants.map((variant) => ({
        variantId: variant.variantId,
        sku: variant.sku,
        name: variant.name,
        price: eur(variant.price),
        weightGrams: variant.weightGrams ?? null,
      })),
      createdAt: new Date().toISOString(),
    },
  });
}

export function priceChanged(productId: string, variant: TestVariant, newPrice: number) {
  return newEvent(PriceChanged, {
    aggregateId: productId,
    data: {
      productId,
      variantId: variant.variantId,
      sku: variant.sku,
      oldPrice: eur(variant.price),
      newPrice: eur(newPrice),
      changedAt: new Date().toISOString(),
    },
  });
}

/** A fresh variant with a unique SKU. */
export function testVariant(price: number, weightGrams?: number): TestVariant {
  const variantId = newVariantId();
  const sku = `SKU-${variantId.slice(-8)}`;
  return { variantId, sku, name: `Test item ${sku}`, price, ...(weightGrams ? { weightGrams } : {}) };
}

// ---------------------------------------------------------------- other services' saga events

export const stockReserved = (orderId: string, lines: { variantId: string; quantity: number }[] = []) =>
  newEvent(StockReserved, {
    aggregateId: orderId,
    data: {
      orderId,
      reservationId: newId('rsv'),
      lines: lines.map((line) => ({ ...line, allocations: [{ warehouseId: 'wh_test', quantity: line.quantity }] })),
      expiresAt: new Date(Date.now() + 900_000).toISOString(),
    },
  });

export const stockReservationFailed = (orderId: string, variantId: string) =>
  newEvent(StockReservationFailed, {
    aggregateId: orderId,
    data: { orderId, reason: 'OUT_OF_STOCK', lines: [{ variantId, requested: 2, available: 0 }] },
  });

export const paymentAuthorized = (orderId: string, customerId: string, total: number) =>
  newEvent(PaymentAuthorized, {
    aggregateId: orderId,
    data: { orderId, paymentId: newId('pay'), customerId, amount: eur(total), authorizedAt: new Date().toISOString() },
  });

export const paymentFailed = (orderId: string, customerId: string, total: number) =>
  newEvent(PaymentFailed, {
    aggregateId: orderId,
    data: {
      orderId,
      paymentId: newId('pay'),
      customerId,
      amount: eur(total),
      code: 'CARD_DECLINED',
      message: 'The card was declined.',
      failedAt: new Date().toISOString(),
    },
  });

export const shipmentStatusChanged = (orderId: string, customerId: string, status: 'LABEL_CREATED' | 'IN_TRANSIT') =>
  newEvent(ShipmentStatusChanged, {
    aggregateId: orderId,
    data: {
      orderId,
      shipmentId: 'shp_test',
      customerId,
      previous: status === 'IN_TRANSIT' ? 'LABEL_CREATED' : null,
      status,
      location: null,
      occurredAt: new Date().toISOString(),
    },
  });

export const shipmentDelivered = (orderId: string, customerId: string) =>
  newEvent(ShipmentDelivered, {
    aggregateId: orderId,
    data: { orderId, shipmentId: 'shp_test', customerId, deliveredAt: new Date().toISOString() },
  });

// ---------------------------------------------------------------- database inspection

/** What the database holds for a customer: orders, their lines and history, outbox events, cart lines. */
export async function footprint(dataSource: DataSource, customerId: string) {
  const [row] = await dataSource.query(
    `select (select count(*)::int from orders where customer_id = $1) as orders,
            (select count(*)::int from order_lines l join orders o on o.id = l.order_id where o.customer_id = $1) as lines,
            (select count(*)::int from order_status_history h join orders o on o.id = h.order_id where o.customer_id = $1) as history,
            (select count(*)::int from outbox where envelope->'data'->>'customerId' = $1) as events,
            (select count(*)::int from cart_lines l join carts c on c.id = l.cart_id where c.customer_id = $1) as "cartLines"`,
    [customerId],
  );
  return row as { orders: number; lines: number; history: number; events: number; cartLines: number };
}

/** The versions the order's OrderStatusChanged events carry, in publish order. */
export async function statusChangeVersions(dataSource: DataSource, orderId: string): Promise<number[]> {
  const rows: { envelope: EventEnvelope }[] = await dataSource.query(
    `select envelope from outbox where message_key = $1 and topic = 'orders.events' and envelope->>'eventType' = $2 order by id`,
    [orderId, OrderStatusChanged.eventType],
  );
  return rows.map((row) => matchEvent(OrderStatusChanged, row.envelope)!.data.version);
}

/** The status, version and history of an order as stored. */
export async function orderState(dataSource: DataSource, orderId: string) {
  const [order] = await dataSource.query('select status, saga, version from orders where id = $1', [orderId]);
  const history: { from: string | null; to: string; reason: string }[] = await dataSource.query(
    'select from_status as "from", to_status as "to", reason from order_status_history where order_id = $1 order by id',
    [orderId],
  );
  return { status: order?.status as string | undefined, saga: order?.saga, version: order?.version as number | undefined, history };
}

