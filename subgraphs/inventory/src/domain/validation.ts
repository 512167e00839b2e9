import { z } from 'zod';
import { MAX_ON_HAND } from './stock.ts';

// Crockford base32, as in the ULIDs behind every id (docs/architecture.md#ids-and-money).
const ULID = '[0-9A-HJKMNP-TV-Z]{26}';
const idPattern = (prefix: string) => new RegExp(`^${prefix}_${ULID}$`);

export const VARIANT_ID = idPattern('var');
// A two-letter prefix: service-kit's isId only accepts three-letter ones, hence the own patterns.
export const WAREHOUSE_ID = idPattern('wh');
export const MOVEMENT_ID = idPattern('mov');

export const isVariantId = (value: string) => VARIANT_ID.test(value);

const variantId = z.string().regex(VARIANT_ID, 'must be a variant id such as var_01JD3ZK5W7Y8X9Q2R3S4T5V6W7');
const warehouseId = z.string().regex(WAREHOUSE_ID, 'must be a warehouse id such as wh_01JD3ZK5W7Y8X9Q2R3S4T5V6W7');
const reason = z.string().trim().min(1, 'must not be empty').max(500, 'must be at most 500 characters');
const quantity = z.number().int('must be a whole number');

export const createWarehouseInput = z.object({
  code: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[A-Z0-9][A-Z0-9_-]{1,31}$/, 'must be 2 to 32 letters, digits, "-" or "_", starting with a letter or digit'),
  name: z.string().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters'),
});
export type CreateWarehouseInput = z.infer<typeof createWarehouseInput>;

export const setWarehouseActiveInput = z.object({ id: warehouseId, active: z.boolean() });

export const adjustStockInput = z.object({
  variantId,
  warehouseId,
  delta: quantity
    .refine((delta) => delta !== 0, 'must not be 0')
    .refine((delta) => Math.abs(delta) <= MAX_ON_HAND, `must be between -${MAX_ON_HAND} and ${MAX_ON_HAND}`),
  reason,
});
export type AdjustStockInput = z.infer<typeof adjustStockInput>;

export const setStockInput = z.object({
  variantId,
  warehouseId,
  onHand: quantity.min(0, 'must not be negative').max(MAX_ON_HAND, `must be at most ${MAX_ON_HAND}`),
  reason,
});
export type SetStockInput = z.infer<typeof setStockInput>;

export const setLowStockThresholdInput = z.object({
  variantId,
  warehouseId,
  threshold: quantity.min(0, 'must not be negative').max(MAX_ON_HAND, `must be at most ${MAX_ON_HAND}`),
});
export type SetLowStockThresholdInput = z.infer<typeof setLowStockThresholdInput>;

export const movementPageArgs = z.object({
  variantId: variantId.nullish(),
  warehouseId: warehouseId.nullish(),
  first: z.number().int().min(0, 'must not be negative').max(100, 'must be at most 100').default(20),
  after: z.string().max(200, 'is not a cursor').nullish(),
});

export const lowStockArgs = z.object({
  first: z.number().int().min(0, 'must not be negative').max(100, 'must be at most 100').default(20),
  after: z.string().max(200, 'is not a cursor').nullish(),
});

/** A stock item's key: the last one seen is the cursor of a page of stock levels. */
export interface ItemKey {
  variantId: string;
  warehouseId: string;
}

/** Cursors of stock levels are opaque to clients; underneath they are the last item's key. */
export const encodeItemCursor = (key: ItemKey) => Buffer.from(`${key.variantId}/${key.warehouseId}`).toString('base64url');

/** The item key inside a cursor, or undefined when the cursor was not made by encodeItemCursor. */
export function decodeItemCursor(cursor: string): ItemKey | undefined {
  const [variant, warehouse, ...rest] = Buffer.from(cursor, 'base64url').toString().split('/');
  if (rest.length > 0 || !variant || !warehouse || !VARIANT_ID.test(variant) || !WAREHOUSE_ID.test(warehouse)) return undefined;
  return { variantId: variant, warehouseId: warehouse };
}

/** Cursors are opaque to clients; underneath they are the last movement id seen. */
export const encodeCursor = (movementId: string) => Buffer.from(movementId).toString('base64url');

/** The movement id inside a cursor, or undefined when the cursor was not made by encodeCursor. */
export function decodeCursor(cursor: string): string | undefined {
  const id = Buffer.from(cursor, 'base64url').toString();
  return MOVEMENT_ID.test(id) ? id : undefined;
}
