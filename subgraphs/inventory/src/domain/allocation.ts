/** One requested line of an order. */
export interface RequestedLine {
  variantId: string;
  quantity: number;
}

/** What one warehouse holds of a variant, as locked for the reservation. */
export interface WarehouseStock {
  warehouseId: string;
  onHand: number;
  reserved: number;
  /** Inactive warehouses keep their stock but no longer fulfil orders. */
  active: boolean;
}

export interface Allocation {
  warehouseId: string;
  quantity: number;
}

export interface AllocatedLine extends RequestedLine {
  allocations: Allocation[];
}

export interface Shortfall {
  variantId: string;
  requested: number;
  available: number;
}

export type AllocationResult =
  | { ok: true; lines: AllocatedLine[] }
  | { ok: false; reason: 'UNKNOWN_VARIANT' | 'OUT_OF_STOCK'; shortfalls: Shortfall[] };

/**
 * Merges lines of the same variant (an order may list one variant twice), so each stock
 * item is touched once, and sorts them by variant id so results are deterministic.
 */
export function mergeLines(lines: readonly RequestedLine[]): RequestedLine[] {
  const totals = new Map<string, number>();
  for (const line of lines) totals.set(line.variantId, (totals.get(line.variantId) ?? 0) + line.quantity);
  return [...totals]
    .map(([variantId, quantity]) => ({ variantId, quantity }))
    .sort((a, b) => compare(a.variantId, b.variantId));
}

/**
 * Allocates every line across warehouses, or none. A line goes to one warehouse when one
 * can cover it (fewer parcels), preferring the one with the most available; otherwise it
 * is split, taking from the fullest warehouses first. Ties break on the warehouse id so
 * the result is deterministic. Unknown variants win over shortages as the failure reason,
 * because restocking will not fix them.
 */
export function allocate(
  lines: readonly RequestedLine[],
  stock: ReadonlyMap<string, readonly WarehouseStock[]>,
  isKnown: (variantId: string) => boolean,
): AllocationResult {
  const merged = mergeLines(lines);
  const unknown = merged.filter((line) => !isKnown(line.variantId));
  if (unknown.length > 0) {
    return {
      ok: false,
      reason: 'UNKNOWN_VARIANT',
      shortfalls: unknown.map((line) => ({ variantId: line.variantId, requested: line.quantity, available: 0 })),
    };
  }
  const allocated: AllocatedLine[] = [];
  const shortfalls: Shortfall[] = [];
  for (const line of merged) {
    const candidates = (stock.get(line.variantId) ?? [])
      .filter((level) => level.active)
      .map((level) => ({ warehouseId: level.warehouseId, available: Math.max(0, level.onHand - level.reserved) }))
      .filter((level) => level.available > 0)
      .sort((a, b) => b.available - a.available || compare(a.warehouseId, b.warehouseId));
    const total = candidates.reduce((sum, level) => sum + level.available, 0);
    if (total < line.quantity) {
      shortfalls.push({ variantId: line.variantId, requested: line.quantity, available: total });
      continue;
    }
    const allocations: Allocation[] = [];
    let missing = line.quantity;
    for (const level of candidates) {
      if (missing === 0) break;
      const quantity = Math.min(missing, level.available);
      allocations.push({ warehouseId: level.warehouseId, quantity });
      missing -= quantity;
    }
    allocated.push({ ...line, allocations });
  }
  if (shortfalls.length > 0) return { ok: false, reason: 'OUT_OF_STOCK', shortfalls };
  return { ok: true, lines: allocated };
}

// Code-unit order: independent of locale, so the same input always allocates the same way.
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
