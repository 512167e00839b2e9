import type { DataSource } from 'typeorm';
import {
  OrderCancelled,
  OrderConfirmed,
  OrderPlaced,
  OrderShipped,
  ProductCreated,
  ProductDeleted,
  TOPICS,
  newEvent,
  type EventEnvelope,
} from '@commerce/events';
import { createPostgresDataSource, newId, type Logger } from '@commerce/service-kit';
import { discardOutbox, infra, outboxOf as outboxOfTopic, unique, waitFor } from '@commerce/testkit';
import type { Deps } from '../src/context.ts';
import { createDeps } from '../src/deps.ts';
import { entities, migrations } from '../src/store/index.ts';

export { discardOutbox, waitFor };

/** The inventory outbox's events of an aggregate, in publish order. */
export const outboxOf = (dataSource: DataSource, aggregateId: string): Promise<EventEnvelope[]> => outboxOfTopic(dataSource, TOPICS.inventory, aggregateId);

/** The types of those events, in publish order. */
export const outboxTypes = async (dataSource: DataSource, aggregateId: string): Promise<string[]> =>
  (await outboxOf(dataSource, aggregateId)).map((event) => event.eventType);

export const databaseUrl = infra.postgresUrl('inventory');

/** A DataSource on the shared inventory database, migrated; `onQuery` sees every statement. */
export function connect(logger: Logger, options: { onQuery?: (sql: string) => void; poolSize?: number } = {}): Promise<DataSource> {
  return createPostgresDataSource({
    url: databaseUrl,
    applicationName: 'inventory-test',
    entities,
    migrations,
    logger,
    ...(options.poolSize ? { poolSize: options.poolSize } : {}),
    ...(options.onQuery ? { onQuery: options.onQuery } : {}),
  });
}

/** Stores over a DataSource; tests that never verify tokens get one that refuses all. */
export function depsFor(dataSource: DataSource, logger: Logger, reservationTtlSeconds = 900): Deps {
  return createDeps({
    dataSource,
    logger,
    reservationTtlSeconds,
    verifyToken: () => Promise.reject(new Error('no tokens in this test')),
  });
}

/**
 * Warehouses a suite creates, switched off after it: the database is shared and keeps
 * them, and an inactive warehouse no longer collects zero stock rows for every variant.
 */
export function warehousesFor(deps: () => Deps) {
  const created: string[] = [];
  return {
    async create(): Promise<string> {
      const code = unique('T-').toUpperCase();
      const warehouse = await deps().warehouses.create({ code, name: `Test ${code}` });
      created.push(warehouse.id);
      return warehouse.id;
    },
    async retireAll(): Promise<void> {
      for (const id of created.splice(0)) await deps().warehouses.setActive(id, false);
    },
  };
}

export const newVariantId = () => newId('var');
export const newOrderId = () => newId('ord');

const money = (amount: number) => ({ amount, currency: 'EUR' });

export function orderPlaced(orderId: string, lines: { variantId: string; quantity: number }[]) {
  return newEvent(OrderPlaced, {
    aggregateId: orderId,
    data: {
      orderId,
      customerId: 'cus_01JD3ZK5W7Y8X9Q2R3S4T5V6W7',
      lines: lines.map((line) => ({
        productId: 'prd_01JD3ZK5W7Y8X9Q2R3S4T5V6W7',
        variantId: line.variantId,
        sku: `SKU-${line.variantId.slice(-6)}`,
        name: 'Test item',
        quantity: line.quantity,
        unitPrice: money(1000),
      })),
      total: money(1000 * lines.reduce((sum, line) => sum + line.quantity, 0)),
      paymentMethodId: 'pmt_01JD3ZK5W7Y8X9Q2R3S4T5V6W7',
      placedAt: new Date().toISOString(),
    },
  });
}

export const orderCancelled = (orderId: string, reason = 'customer request') =>
  newEvent(OrderCancelled, {
    aggregateId: orderId,
    data: { orderId, customerId: 'cus_01JD3ZK5W7Y8X9Q2R3S4T5V6W7', reason, cancelledAt: new Date().toISOString() },
  });

export const orderConfirmed = (orderId: string) =>
  newEvent(OrderConfirmed, {
    aggregateId: orderId,
    data: { orderId, customerId: 'cus_01JD3ZK5W7Y8X9Q2R3S4T5V6W7', total: money(1000), confirmedAt: new Date().toISOString() },
  });

export const orderShipped = (orderId: string) =>
  newEvent(OrderShipped, {
    aggregateId: orderId,
    data: { orderId, customerId: 'cus_01JD3ZK5W7Y8X9Q2R3S4T5V6W7', shippedAt: new Date().toISOString() },
  });

export const productCreated = (productId: string, variantIds: string[]) =>
  newEvent(ProductCreated, {
    aggregateId: productId,
    data: {
      productId,
      slug: productId.toLowerCase(),
      name: 'Test product',
      status: 'ACTIVE',
      variants: variantIds.map((variantId) => ({ variantId, sku: `SKU-${variantId.slice(-6)}`, name: 'Test', price: money(1000) })),
      createdAt: new Date().toISOString(),
    },
  });

export const productDeleted = (productId: string, variantIds: string[]) =>
  newEvent(ProductDeleted, {
    aggregateId: productId,
    data: { productId, variantIds, deletedAt: new Date().toISOString() },
  });

export interface ItemState {
  onHand: number;
  reserved: number;
  lowStockThreshold: number;
}

/** A stock item's quantities, or undefined when it does not exist. */
export async function itemOf(dataSource: DataSource, variantId: string, warehouseId: string): Promise<ItemState | undefined> {
  const [row] = await dataSource.query(
    `select on_hand as "onHand", reserved, low_stock_threshold as "lowStockThreshold"
       from stock_items where variant_id = $1 and warehouse_id = $2`,
    [variantId, warehouseId],
  );
  return row;
}

/**
 * For each stock item of the variant: its quantities and what its movement log adds up to,
 * plus the check that every movement's "after" values follow from the one before.
 */
export async function ledgerOf(dataSource: DataSource, variantId: string) {
  const items: { warehouse_id: string; on_hand: number; reserved: number }[] = await dataSource.query(
    'select warehouse_id, on_hand, reserved from stock_items where variant_id = $1 order by warehouse_id',
    [variantId],
  );
  const movements: { warehouse_id: string; on_hand_delta: number; reserved_delta: number; on_hand_after: number; reserved_after: number }[] =
    await dataSource.query(
      `select warehouse_id, on_hand_delta, reserved_delta, on_hand_after, reserved_after
         from stock_movements where variant_id = $1 order by id`,
      [variantId],
    );
  return items.map((item) => {
    let onHand = 0;
    let reserved = 0;
    let chained = true;
    for (const movement of movements.filter((m) => m.warehouse_id === item.warehouse_id)) {
      onHand += movement.on_hand_delta;
      reserved += movement.reserved_delta;
      chained &&= movement.on_hand_after === onHand && movement.reserved_after === reserved;
    }
    return {
      warehouseId: item.warehouse_id,
      item: { onHand: item.on_hand, reserved: item.reserved },
      log: { onHand, reserved },
      chained,
    };
  });
}

