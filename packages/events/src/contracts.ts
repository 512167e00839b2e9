import { z } from 'zod';
import { TOPICS, type Topic } from './topics.ts';
import type { EventEnvelope } from './envelope.ts';

/** An event's name, topic, schema version and payload schema, shared by producer and consumers. */
export interface EventContract<Type extends string, Data> {
  eventType: Type;
  topic: Topic;
  version: number;
  data: z.ZodType<Data>;
}

function contract<Type extends string, Data>(
  eventType: Type,
  topic: Topic,
  data: z.ZodType<Data>,
  version = 1,
): EventContract<Type, Data> {
  return { eventType, topic, version, data };
}

const isoTime = z.iso.datetime();

/** A postal address as customers keep it and orders ship to it (no label, no default flags). */
export const postalAddress = z.object({
  recipient: z.string(),
  line1: z.string(),
  line2: z.string().nullable(),
  city: z.string(),
  region: z.string().nullable(),
  postalCode: z.string(),
  /** ISO 3166-1 alpha-2. */
  country: z.string().length(2),
  phone: z.string().nullable(),
});
export type PostalAddress = z.infer<typeof postalAddress>;

// ---------------------------------------------------------------- customers.events (key: customerId)

export const CustomerRegistered = contract(
  'CustomerRegistered',
  TOPICS.customers,
  z.object({
    customerId: z.string(),
    email: z.string(),
    firstName: z.string(),
    lastName: z.string(),
    registeredAt: isoTime,
  }),
);

export const CustomerUpdated = contract(
  'CustomerUpdated',
  TOPICS.customers,
  z.object({
    customerId: z.string(),
    email: z.string(),
    firstName: z.string(),
    lastName: z.string(),
    phone: z.string().nullable(),
    roles: z.array(z.string()),
    /** Which of the fields above changed. */
    changedFields: z.array(z.string()),
    updatedAt: isoTime,
  }),
);

/**
 * An address as it is after addAddress or updateAddress (label and default flags are not
 * part of it). `revision` counts the address's saves (1 when added), so a consumer that
 * sees an older save after a newer one can keep the newer.
 */
export const CustomerAddressSaved = contract(
  'CustomerAddressSaved',
  TOPICS.customers,
  z.object({
    customerId: z.string(),
    addressId: z.string(),
    address: postalAddress,
    revision: z.number().int().positive(),
    savedAt: isoTime,
  }),
);

/** Final: address ids are never reused, so a removal outranks every save of the address, whatever the order they arrive in. */
export const CustomerAddressRemoved = contract(
  'CustomerAddressRemoved',
  TOPICS.customers,
  z.object({ customerId: z.string(), addressId: z.string(), removedAt: isoTime }),
);

/** Money in events: integer minor units and an ISO 4217 code (docs/architecture.md#ids-and-money). */
export const money = z.object({ amount: z.number().int(), currency: z.string().regex(/^[A-Z]{3}$/) });
export type MoneyData = z.infer<typeof money>;

const variantSnapshot = z.object({
  variantId: z.string(),
  sku: z.string(),
  name: z.string(),
  price: money,
  /** Added after version 1 shipped: absent in older events. */
  weightGrams: z.number().int().nullish(),
});

/**
 * What search indexes of a product besides its name (added after version 1 shipped: absent
 * in older events). productVersion is the catalog product's version after the change, so a
 * consumer can tell a newer snapshot from an older or repeated one.
 */
const searchableFields = {
  description: z.string().nullish(),
  brand: z.string().nullish(),
  categoryId: z.string().nullish(),
  tags: z.array(z.string()).nullish(),
  productVersion: z.number().int().nullish(),
};

// ---------------------------------------------------------------- catalog.events (key: productId)

export const ProductCreated = contract(
  'ProductCreated',
  TOPICS.catalog,
  z.object({
    productId: z.string(),
    slug: z.string(),
    name: z.string(),
    status: z.enum(['DRAFT', 'ACTIVE', 'ARCHIVED']),
    variants: z.array(variantSnapshot),
    createdAt: isoTime,
    ...searchableFields,
  }),
);

/** Any change to a product or its variant list; carries the full current snapshot. */
export const ProductUpdated = contract(
  'ProductUpdated',
  TOPICS.catalog,
  z.object({
    productId: z.string(),
    slug: z.string(),
    name: z.string(),
    status: z.enum(['DRAFT', 'ACTIVE', 'ARCHIVED']),
    variants: z.array(variantSnapshot),
    /** Variants removed by this change. */
    removedVariantIds: z.array(z.string()),
    changedFields: z.array(z.string()),
    updatedAt: isoTime,
    ...searchableFields,
  }),
);

export const ProductDeleted = contract(
  'ProductDeleted',
  TOPICS.catalog,
  z.object({
    productId: z.string(),
    variantIds: z.array(z.string()),
    deletedAt: isoTime,
    /** Added after version 1 shipped: absent in older events. */
    productVersion: z.number().int().nullish(),
  }),
);

export const PriceChanged = contract(
  'PriceChanged',
  TOPICS.catalog,
  z.object({
    productId: z.string(),
    variantId: z.string(),
    sku: z.string(),
    oldPrice: money,
    newPrice: money,
    changedAt: isoTime,
  }),
);

// ---------------------------------------------------------------- orders.events (key: orderId)

const orderLine = z.object({
  productId: z.string(),
  variantId: z.string(),
  sku: z.string(),
  name: z.string(),
  quantity: z.number().int().positive(),
  unitPrice: money,
  weightGrams: z.number().int().nullish(),
});

export const SHIPPING_SERVICES = ['STANDARD', 'EXPRESS'] as const;

export const OrderPlaced = contract(
  'OrderPlaced',
  TOPICS.orders,
  z.object({
    orderId: z.string(),
    customerId: z.string(),
    lines: z.array(orderLine).min(1),
    total: money,
    paymentMethodId: z.string(),
    placedAt: isoTime,
  }),
);

export const OrderConfirmed = contract(
  'OrderConfirmed',
  TOPICS.orders,
  z.object({ orderId: z.string(), customerId: z.string(), total: money, confirmedAt: isoTime }),
);

/** Compensation trigger: stock is released and the payment voided or refunded. */
export const OrderCancelled = contract(
  'OrderCancelled',
  TOPICS.orders,
  z.object({ orderId: z.string(), customerId: z.string(), reason: z.string(), cancelledAt: isoTime }),
);

/** The order left the warehouse: reserved stock is committed (taken off hand). */
export const OrderShipped = contract(
  'OrderShipped',
  TOPICS.orders,
  z.object({ orderId: z.string(), customerId: z.string(), shippedAt: isoTime }),
);

/** Carries the lines so that consumers (reviews' verified purchases) need no order lookup. */
export const OrderDelivered = contract(
  'OrderDelivered',
  TOPICS.orders,
  z.object({
    orderId: z.string(),
    customerId: z.string(),
    lines: z.array(orderLine.pick({ productId: true, variantId: true })),
    deliveredAt: isoTime,
  }),
);

export const ORDER_STATUSES = ['PENDING', 'AWAITING_PAYMENT', 'CONFIRMED', 'SHIPPED', 'DELIVERED', 'CANCELLED'] as const;

/** Every status change of an order, the placement included, one event per history entry. */
export const OrderStatusChanged = contract(
  'OrderStatusChanged',
  TOPICS.orders,
  z.object({
    orderId: z.string(),
    customerId: z.string(),
    previous: z.enum(ORDER_STATUSES).nullable(),
    next: z.enum(ORDER_STATUSES),
    reason: z.string(),
    /** The order's version after this change: its 1-based position in the order's status history. */
    version: z.number().int().positive(),
    changedAt: isoTime,
  }),
);

/** The saga asks payments to authorize the order total (sent when stock is reserved). */
export const PaymentRequested = contract(
  'PaymentRequested',
  TOPICS.orders,
  z.object({
    orderId: z.string(),
    customerId: z.string(),
    paymentMethodId: z.string(),
    amount: money,
    requestedAt: isoTime,
  }),
);

/** The saga asks shipping to ship a confirmed order (sent with OrderConfirmed). */
export const ShipmentRequested = contract(
  'ShipmentRequested',
  TOPICS.orders,
  z.object({
    orderId: z.string(),
    customerId: z.string(),
    service: z.enum(SHIPPING_SERVICES),
    address: postalAddress,
    lines: z.array(z.object({ variantId: z.string(), sku: z.string(), quantity: z.number().int().positive(), weightGrams: z.number().int().nullish() })),
    requestedAt: isoTime,
  }),
);

// ---------------------------------------------------------------- payments.events (key: orderId)

const paymentFacts = { orderId: z.string(), paymentId: z.string(), customerId: z.string(), amount: money };

export const PaymentAuthorized = contract(
  'PaymentAuthorized',
  TOPICS.payments,
  z.object({ ...paymentFacts, authorizedAt: isoTime }),
);

export const PAYMENT_FAILURE_CODES = ['INSUFFICIENT_FUNDS', 'CARD_EXPIRED', 'CARD_DECLINED', 'PROCESSING_ERROR', 'PAYMENT_METHOD_NOT_FOUND'] as const;

export const PaymentFailed = contract(
  'PaymentFailed',
  TOPICS.payments,
  z.object({ ...paymentFacts, code: z.enum(PAYMENT_FAILURE_CODES), message: z.string(), failedAt: isoTime }),
);

export const PaymentCaptured = contract(
  'PaymentCaptured',
  TOPICS.payments,
  z.object({ ...paymentFacts, capturedAt: isoTime }),
);

export const PaymentVoided = contract(
  'PaymentVoided',
  TOPICS.payments,
  z.object({ ...paymentFacts, voidedAt: isoTime }),
);

/** `amount` is this refund; `refundedTotal` all refunds of the payment so far. */
export const PaymentRefunded = contract(
  'PaymentRefunded',
  TOPICS.payments,
  z.object({ ...paymentFacts, refundId: z.string(), refundedTotal: money, reason: z.string(), refundedAt: isoTime }),
);

// ---------------------------------------------------------------- shipments.events (key: orderId)

export const SHIPMENT_STATUSES = ['LABEL_CREATED', 'IN_TRANSIT', 'OUT_FOR_DELIVERY', 'DELIVERED', 'EXCEPTION', 'CANCELLED'] as const;

export const ShipmentCreated = contract(
  'ShipmentCreated',
  TOPICS.shipments,
  z.object({
    orderId: z.string(),
    shipmentId: z.string(),
    customerId: z.string(),
    carrier: z.string(),
    service: z.string(),
    trackingNumber: z.string(),
    estimatedDelivery: isoTime,
    createdAt: isoTime,
  }),
);

export const ShipmentStatusChanged = contract(
  'ShipmentStatusChanged',
  TOPICS.shipments,
  z.object({
    orderId: z.string(),
    shipmentId: z.string(),
    customerId: z.string(),
    previous: z.enum(SHIPMENT_STATUSES).nullable(),
    status: z.enum(SHIPMENT_STATUSES),
    location: z.string().nullable(),
    occurredAt: isoTime,
  }),
);

export const ShipmentDelivered = contract(
  'ShipmentDelivered',
  TOPICS.shipments,
  z.object({ orderId: z.string(), shipmentId: z.string(), customerId: z.string(), deliveredAt: isoTime }),
);

// ---------------------------------------------------------------- inventory.events

const allocation = z.object({ warehouseId: z.string(), quantity: z.number().int().positive() });

/** Key: orderId. All lines of the order are reserved, or none. */
export const StockReserved = contract(
  'StockReserved',
  TOPICS.inventory,
  z.object({
    orderId: z.string(),
    reservationId: z.string(),
    lines: z.array(z.object({ variantId: z.string(), quantity: z.number().int().positive(), allocations: z.array(allocation) })),
    expiresAt: isoTime,
  }),
);

/** Key: orderId. */
export const StockReservationFailed = contract(
  'StockReservationFailed',
  TOPICS.inventory,
  z.object({
    orderId: z.string(),
    reason: z.enum(['OUT_OF_STOCK', 'UNKNOWN_VARIANT']),
    lines: z.array(z.object({ variantId: z.string(), requested: z.number().int(), available: z.number().int() })),
  }),
);

/** Key: orderId. */
export const StockReleased = contract(
  'StockReleased',
  TOPICS.inventory,
  z.object({ orderId: z.string(), reservationId: z.string(), reason: z.enum(['CANCELLED', 'EXPIRED']) }),
);

/** Key: orderId. */
export const StockCommitted = contract(
  'StockCommitted',
  TOPICS.inventory,
  z.object({ orderId: z.string(), reservationId: z.string() }),
);

/** Key: variantId. */
export const StockAdjusted = contract(
  'StockAdjusted',
  TOPICS.inventory,
  z.object({
    variantId: z.string(),
    warehouseId: z.string(),
    delta: z.number().int(),
    onHand: z.number().int(),
    reserved: z.number().int(),
    reason: z.string(),
    adjustedAt: isoTime,
  }),
);

/** What changed a stock item: the movement kinds, or WAREHOUSE when its warehouse was taken out of (or back into) fulfilment. */
export const STOCK_CHANGE_KINDS = ['ADJUSTMENT', 'SET', 'RESERVATION', 'RELEASE', 'COMMIT', 'WAREHOUSE'] as const;

/**
 * Key: variantId. One stock item (a variant in a warehouse) as it is after any change of its
 * quantities: an admin's adjustment or count, a reservation, a release (cancellation or
 * expiry) or a commit (shipment), and for the items with units available when their warehouse
 * is deactivated or activated, in the transaction of the change. `version` counts the item's
 * changes (it grows by one with each, under the item's row lock), so a consumer keeps the
 * newest level per item whatever order the events arrive in. `available` is onHand minus
 * reserved, never negative; only while `warehouseActive` can those units be ordered.
 */
export const StockLevelChanged = contract(
  'StockLevelChanged',
  TOPICS.inventory,
  z.object({
    variantId: z.string(),
    warehouseId: z.string(),
    onHand: z.number().int().nonnegative(),
    reserved: z.number().int().nonnegative(),
    available: z.number().int().nonnegative(),
    /** Inactive warehouses keep their stock but fulfil no new orders. */
    warehouseActive: z.boolean(),
    version: z.number().int().positive(),
    kind: z.enum(STOCK_CHANGE_KINDS),
    /** The order behind a reservation, release or commit; null for an admin's change. */
    orderId: z.string().nullable(),
    changedAt: isoTime,
  }),
);

/** Key: variantId. Emitted when available stock falls to or below the threshold. */
export const LowStock = contract(
  'LowStock',
  TOPICS.inventory,
  z.object({ variantId: z.string(), warehouseId: z.string(), available: z.number().int(), threshold: z.number().int() }),
);

// ---------------------------------------------------------------- reviews.events (key: productId)

/**
 * A product's rating summary after a review was submitted or removed. ratingVersion grows
 * by one with every change of the product's reviews, so consumers keep the newest summary
 * whatever order the events arrive in.
 */
export const ProductRatingChanged = contract(
  'ProductRatingChanged',
  TOPICS.reviews,
  z.object({
    productId: z.string(),
    /** Mean rating rounded to 2 decimals; null when the last review was removed. */
    average: z.number().nullable(),
    count: z.number().int().nonnegative(),
    ratingVersion: z.number().int().positive(),
    changedAt: isoTime,
  }),
);

/** The payload type of a contract. */
export type EventData<C> = C extends EventContract<string, infer Data> ? Data : never;

/** Narrows an envelope to a contract and validates its payload; returns undefined for other event types. */
export function matchEvent<Type extends string, Data>(
  contract: EventContract<Type, Data>,
  envelope: EventEnvelope,
): EventEnvelope<Type, Data> | undefined {
  if (envelope.eventType !== contract.eventType) return undefined;
  return { ...envelope, eventType: contract.eventType, data: contract.data.parse(envelope.data) };
}
