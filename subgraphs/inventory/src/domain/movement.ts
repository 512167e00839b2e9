import type { StockQuantities } from './stock.ts';

export const MOVEMENT_KINDS = ['ADJUSTMENT', 'SET', 'RESERVATION', 'RELEASE', 'COMMIT'] as const;
export type MovementKind = (typeof MOVEMENT_KINDS)[number];

/** One change to one stock item; the log of an item adds up to its current quantities. */
export interface StockMovement {
  id: string;
  kind: MovementKind;
  variantId: string;
  warehouseId: string;
  onHandDelta: number;
  reservedDelta: number;
  onHandAfter: number;
  reservedAfter: number;
  reason: string;
  orderId: string | null;
  createdAt: Date;
}

export type NewMovement = Omit<StockMovement, 'id' | 'createdAt'>;

/** The movement that takes an item from `before` to `after`. */
export function movementBetween(
  item: { variantId: string; warehouseId: string },
  before: StockQuantities,
  after: StockQuantities,
  details: { kind: MovementKind; reason: string; orderId?: string | null },
): NewMovement {
  return {
    kind: details.kind,
    variantId: item.variantId,
    warehouseId: item.warehouseId,
    onHandDelta: after.onHand - before.onHand,
    reservedDelta: after.reserved - before.reserved,
    onHandAfter: after.onHand,
    reservedAfter: after.reserved,
    reason: details.reason,
    orderId: details.orderId ?? null,
  };
}

/** How each reservation step moves an item's quantities by `quantity` units. */
export function applyReservationStep(
  kind: 'RESERVATION' | 'RELEASE' | 'COMMIT',
  quantities: StockQuantities,
  quantity: number,
): StockQuantities {
  switch (kind) {
    case 'RESERVATION':
      return { onHand: quantities.onHand, reserved: quantities.reserved + quantity };
    case 'RELEASE':
      return { onHand: quantities.onHand, reserved: quantities.reserved - quantity };
    case 'COMMIT':
      return { onHand: quantities.onHand - quantity, reserved: quantities.reserved - quantity };
  }
}
