import { z } from 'zod';
import { optionalText, postalAddressFields } from '@commerce/domain-kit';
import { MAX_LINE_QUANTITY } from './cart.ts';
import { ORDER_STATUSES } from './order-status.ts';
import { SHIPPING_SERVICES } from './pricing.ts';

// Crockford base32, as in the ULIDs behind every id (docs/architecture.md#ids-and-money).
const idPattern = (prefix: string) => new RegExp(`^${prefix}_[0-9A-HJKMNP-TV-Z]{26}$`);
export const ORDER_ID = idPattern('ord');
export const VARIANT_ID = idPattern('var');
export const PAYMENT_METHOD_ID = idPattern('pm');
export const ADDRESS_ID = idPattern('adr');

const id = (pattern: RegExp, example: string) => z.string().regex(pattern, `must be an id such as ${example}_01JD3ZK5W7Y8X9Q2R3S4T5V6W7`);
export const orderId = id(ORDER_ID, 'ord');
export const variantId = id(VARIANT_ID, 'var');

const quantity = (min: number) =>
  z
    .number()
    .int('must be a whole number')
    .min(min, `must be at least ${min}`)
    .max(MAX_LINE_QUANTITY, `must be at most ${MAX_LINE_QUANTITY}`);

export const addToCartInput = z.object({ variantId, quantity: quantity(1) });
/** 0 removes the line. */
export const updateCartLineInput = z.object({ variantId, quantity: quantity(0) });
export const removeFromCartInput = z.object({ variantId });

// Saved addresses' rules (label included, since the GraphQL input type is shared); an order drops the label.
export const addressInput = z
  .object(postalAddressFields)
  .transform(({ label: _label, ...address }) => address);

/** What placeOrder says when it gets both a saved address and a new one, or neither. */
export const SHIP_TO_MESSAGES = {
  both: 'cannot be combined with address: send the id of a saved address or a new address, not both',
  neither: 'is required unless you send shippingAddressId (the id of one of your saved addresses)',
} as const;

/**
 * Exactly one destination: a new address, or the id of a saved one (the order copies it
 * from the read model of the customers' addresses when it is placed).
 */
export const placeOrderInput = z
  .object({
    address: addressInput.nullish(),
    shippingAddressId: id(ADDRESS_ID, 'adr').nullish(),
    shippingService: z
      .enum(SHIPPING_SERVICES)
      .nullish()
      .transform((value) => value ?? 'STANDARD'),
    paymentMethodId: id(PAYMENT_METHOD_ID, 'pm'),
    // Not trimmed: the key is compared exactly, as the client sent it.
    idempotencyKey: z
      .string()
      .regex(/^[\w.:-]{1,100}$/, 'must be 1 to 100 letters, digits, "_", ".", ":" or "-" (a UUID works well)'),
  })
  .transform(({ address, shippingAddressId, ...rest }, ctx) => {
    if (address && shippingAddressId) {
      ctx.addIssue({ code: 'custom', path: ['shippingAddressId'], message: SHIP_TO_MESSAGES.both });
      return z.NEVER;
    }
    if (address) return { ...rest, address };
    if (shippingAddressId) return { ...rest, shippingAddressId };
    ctx.addIssue({ code: 'custom', path: ['address'], message: SHIP_TO_MESSAGES.neither });
    return z.NEVER;
  });
export type PlaceOrderInput = z.infer<typeof placeOrderInput>;

/** Query.order's version: the order as it stood right after that status change. */
export const orderVersionArgs = z.object({
  version: z.number().int('must be a whole number').min(1, 'must be at least 1 (the placement)').nullish(),
});

export const cancelOrderInput = z.object({ id: orderId, reason: optionalText(500) });

const status = z.enum(ORDER_STATUSES).nullish();
const first = z.number().int().min(0, 'must not be negative').max(100, 'must be at most 100').default(20);
const after = z.string().max(200, 'is not a cursor').nullish();

export const customerOrdersArgs = z.object({ first, after, status });

const instant = z.iso
  .datetime({ offset: true, message: 'must be an ISO 8601 date-time such as 2030-01-31T00:00:00Z' })
  .transform((value) => new Date(value))
  .nullish();

export const adminOrdersArgs = z.object({
  filter: z
    .object({ status, customerId: z.string().min(1).max(100).nullish(), placedAfter: instant, placedBefore: instant })
    .nullish()
    .transform((value, ctx) => {
      const placedAfter = value?.placedAfter ?? null;
      const placedBefore = value?.placedBefore ?? null;
      if (placedAfter && placedBefore && placedAfter > placedBefore) {
        ctx.addIssue({ code: 'custom', path: ['placedBefore'], message: 'must not be earlier than placedAfter' });
        return z.NEVER;
      }
      return { status: value?.status ?? null, customerId: value?.customerId ?? null, placedAfter, placedBefore };
    }),
  first,
  after,
});

/** Cursors are opaque to clients; underneath they are the last order id seen (ids sort by time). */
export const encodeCursor = (id: string) => Buffer.from(id).toString('base64url');

/** The order id inside a cursor, or undefined when the cursor was not made by encodeCursor. */
export function decodeCursor(cursor: string): string | undefined {
  const decoded = Buffer.from(cursor, 'base64url').toString();
  return ORDER_ID.test(decoded) ? decoded : undefined;
}
