import type { PostalAddress } from '@commerce/events';
import { isSellable, type CartLine } from './cart.ts';
import type { OrderStatus } from './order-status.ts';
import type { OrderTotals, ShippingService } from './pricing.ts';
import type { SagaFacts } from './saga.ts';

export interface OrderLine {
  productId: string;
  variantId: string;
  sku: string;
  name: string;
  /** Minor units of the order currency, as the read model priced it at placement. */
  unitPrice: number;
  quantity: number;
  weightGrams: number | null;
}

export interface Order extends OrderTotals {
  id: string;
  number: string;
  customerId: string;
  status: OrderStatus;
  currency: string;
  shippingAddress: PostalAddress;
  shippingService: ShippingService;
  paymentMethodId: string;
  idempotencyKey: string;
  /** The saga's correlation id: every event about the order carries it. */
  correlationId: string;
  facts: SagaFacts;
  placedAt: Date;
  updatedAt: Date;
  /** How many status changes the order has gone through (its history's length): 1 after placement. */
  version: number;
}

export interface StatusChange {
  from: OrderStatus | null;
  to: OrderStatus;
  reason: string;
  at: Date;
}

/**
 * The order as it stood right after its `version`-th status change: that change's status and
 * time. Nothing else an order holds changes with its status, so the rest is the order as it
 * is. A version at or past the current one is the current order. `history` is the order's
 * status history, oldest first; `version` is at least 1.
 */
export function orderAsOf(order: Order, history: readonly StatusChange[], version: number): Order {
  if (version >= order.version) return order;
  const change = history[version - 1];
  if (!change) return order;
  return { ...order, status: change.to, updatedAt: change.at, version };
}

/** The history entries of `order` up to its version (later entries belong to a newer state of it). */
export function historyUpTo(order: Pick<Order, 'version'>, history: readonly StatusChange[]): StatusChange[] {
  return history.slice(0, order.version);
}

export type Checkout = { ok: true; lines: OrderLine[] } | { ok: false; code: 'BAD_USER_INPUT' | 'CONFLICT'; message: string };

/**
 * Snapshots a cart into order lines at the read model's current prices and weights, or
 * explains why it cannot be ordered: an empty cart, or lines the catalog no longer sells.
 * Shipping is priced afterwards (pricing.ts), once the destination is known.
 */
export function checkout(cart: readonly CartLine[], currency: string): Checkout {
  if (cart.length === 0) return { ok: false, code: 'BAD_USER_INPUT', message: 'Your cart is empty; add something before placing an order.' };
  const unavailable = cart.filter((line) => !isSellable(line.variant, currency)).map((line) => line.variant.sku);
  if (unavailable.length > 0) {
    return {
      ok: false,
      code: 'CONFLICT',
      message: `No longer available: ${unavailable.join(', ')}. Remove ${unavailable.length === 1 ? 'it' : 'them'} from your cart and try again.`,
    };
  }
  const lines = cart.map(({ variant, quantity }) => ({
    productId: variant.productId,
    variantId: variant.variantId,
    sku: variant.sku,
    name: variant.name,
    unitPrice: variant.price.amount,
    quantity,
    weightGrams: variant.weightGrams,
  }));
  return { ok: true, lines };
}
