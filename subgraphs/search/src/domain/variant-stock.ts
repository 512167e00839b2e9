/**
 * Units available per variant and warehouse (on hand minus reserved) and whether the warehouse
 * fulfils orders, as inventory's StockLevelChanged events tell it. Kept apart from the product documents because stock can
 * change before the catalog's event naming the variant's product arrives (the topics are not
 * ordered with each other).
 */
export interface VariantStock {
  variantId: string;
  /** Set once a catalog snapshot lists the variant. */
  productId: string | null;
  warehouses: Record<string, WarehouseLevel>;
}

/**
 * One stock item. `version` is the item's version in inventory (StockLevelChanged), null for
 * a level told only by StockAdjusted, which has none and is ordered by `at` (its time).
 */
export interface WarehouseLevel {
  available: number;
  /** An inactive warehouse keeps its stock but fulfils no new orders: its units do not count. */
  active: boolean;
  version: number | null;
  at: number;
}

/** A level as stored before versions: `{ onHand, at }` from StockAdjusted, which counted on-hand only. */
interface StoredLevel {
  available?: number;
  active?: boolean;
  onHand?: number;
  version?: number | null;
  at?: number;
}

export function emptyVariantStock(variantId: string): VariantStock {
  return { variantId, productId: null, warehouses: {} };
}

/** A stored level in the current shape (documents written before versions have `onHand` only). */
export function levelOf(stored: StoredLevel): WarehouseLevel {
  return { available: stored.available ?? stored.onHand ?? 0, active: stored.active ?? true, version: stored.version ?? null, at: stored.at ?? 0 };
}

/** What is known of a stock item now, by whichever event told it. */
export type StockReport =
  | { variantId: string; warehouseId: string; available: number; active: boolean; version: number; at: string }
  /** StockAdjusted: what inventory published before StockLevelChanged existed, and still publishes beside it (no word on the warehouse). */
  | { variantId: string; warehouseId: string; available: number; active: true; version: null; at: string };

/**
 * A warehouse's newer level replaces its older one: a versioned level (StockLevelChanged)
 * wins over a lower or equal version and over any unversioned one; an unversioned level
 * (StockAdjusted) only replaces an older unversioned one, so it fills in items that no
 * StockLevelChanged has told yet and never undoes one.
 */
export function applyStockLevel(current: VariantStock | undefined, report: StockReport): VariantStock | 'stale' {
  const doc = current ?? emptyVariantStock(report.variantId);
  const stored = doc.warehouses[report.warehouseId];
  const known = stored && levelOf(stored);
  const at = Date.parse(report.at);
  if (known) {
    if (report.version === null && (known.version !== null || known.at >= at)) return 'stale';
    if (report.version !== null && known.version !== null && known.version >= report.version) return 'stale';
  }
  const level: WarehouseLevel = { available: Math.max(0, report.available), active: report.active, version: report.version, at };
  return { ...doc, warehouses: { ...doc.warehouses, [report.warehouseId]: level } };
}

/**
 * The levels the owners told a rebuild for one variant of `productId` (each with its item's
 * version, read at the rebuild's start): each goes in as an event with that version would, so
 * an older event consumed later changes nothing and a newer one replaces it. The variant is
 * named on its product either way; 'stale' when nothing changes.
 */
export function applyOwnerLevels(
  current: VariantStock | undefined,
  told: { variantId: string; productId: string; reports: readonly StockReport[] },
): VariantStock | 'stale' {
  const { variantId, productId, reports } = told;
  let doc = current;
  let changed = current?.productId !== productId;
  for (const report of reports) {
    const next = applyStockLevel(doc, report);
    if (next === 'stale') continue;
    doc = next;
    changed = true;
  }
  if (!changed) return 'stale';
  return { ...(doc ?? emptyVariantStock(variantId)), productId };
}

/** A product is in stock when some variant has a unit available in some active warehouse (inventory's `inStock`). */
export function isInStock(variants: readonly (VariantStock | undefined)[]): boolean {
  return variants.some(
    (variant) =>
      variant !== undefined &&
      Object.values(variant.warehouses).some((stored) => {
        const level = levelOf(stored);
        return level.active && level.available > 0;
      }),
  );
}
