import { EntitySchema, type ValueTransformer } from 'typeorm';
import type { Order, OrderLine, StatusChange } from '../domain/order.ts';

// node-postgres returns bigint as a string; amounts stay far below 2^53, so a number is exact.
const bigintNumber: ValueTransformer = { to: (value: number) => value, from: (value: string) => Number(value) };
const money = { type: 'bigint', transformer: bigintNumber } as const;

export const OrderEntity = new EntitySchema<Order>({
  name: 'Order',
  tableName: 'orders',
  columns: {
    id: { type: 'text', primary: true },
    number: { type: 'text', unique: true },
    customerId: { type: 'text', name: 'customer_id' },
    status: { type: 'text' },
    currency: { type: 'text' },
    subtotal: money,
    shippingTotal: { ...money, name: 'shipping_total' },
    total: money,
    shippingAddress: { type: 'jsonb', name: 'shipping_address' },
    shippingService: { type: 'text', name: 'shipping_service' },
    paymentMethodId: { type: 'text', name: 'payment_method_id' },
    idempotencyKey: { type: 'text', name: 'idempotency_key' },
    correlationId: { type: 'text', name: 'correlation_id' },
    facts: { type: 'jsonb', name: 'saga' },
    placedAt: { type: 'timestamptz', name: 'placed_at' },
    updatedAt: { type: 'timestamptz', name: 'updated_at' },
    version: { type: 'integer' },
  },
});

export interface OrderLineRow extends OrderLine {
  orderId: string;
  position: number;
}

export const OrderLineEntity = new EntitySchema<OrderLineRow>({
  name: 'OrderLine',
  tableName: 'order_lines',
  columns: {
    orderId: { type: 'text', primary: true, name: 'order_id' },
    position: { type: 'integer', primary: true },
    productId: { type: 'text', name: 'product_id' },
    variantId: { type: 'text', name: 'variant_id' },
    sku: { type: 'text' },
    name: { type: 'text' },
    unitPrice: { ...money, name: 'unit_price' },
    quantity: { type: 'integer' },
    weightGrams: { type: 'integer', name: 'weight_grams', nullable: true },
  },
});

export interface StatusChangeRow extends StatusChange {
  id: string;
  orderId: string;
}

export const StatusChangeEntity = new EntitySchema<StatusChangeRow>({
  name: 'StatusChange',
  tableName: 'order_status_history',
  columns: {
    id: { type: 'bigint', primary: true, generated: 'increment' },
    orderId: { type: 'text', name: 'order_id' },
    from: { type: 'text', name: 'from_status', nullable: true },
    to: { type: 'text', name: 'to_status' },
    reason: { type: 'text' },
    at: { type: 'timestamptz' },
  },
});

// Carts and variants have no entity: every statement on them joins the two or upserts many
// rows at once, which reads plainer as SQL.
export const entities = [OrderEntity, OrderLineEntity, StatusChangeEntity];
