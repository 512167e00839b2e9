/**
 * Stock on hand per variant and warehouse, as inventory's StockAdjusted events tell it. Kept
 * apart from the product documents because stock can be counted before the catalog's event
 * naming the variant's product arrives (the topics are not ordered with each other).
 */
export interface VariantStock {
  variantId: string;
  /** Set once a catalog snapshot lists the variant. */
  productId: string | null;
  warehouses: Record<string, { onHand: number; at: number }>;
}

export function emptyVariantStock(variantId: string): VariantStock {
  return { variantId, productId: null, warehouses: {} };
}

/** StockAdjusted: a warehouse's newer count replaces its older one. */
export function applyStockCount(
  current: VariantStock | undefined,
  count: { variantId: string; warehouseId: string; onHand: number; adjustedAt: string },
): VariantStock | 'stale' {
  const doc = current ?? emptyVariantStock(count.variantId);
  const at = Date.parse(count.adjustedAt);
  const known = doc.warehouses[count.warehouseId];
  if (known && known.at >= at) return 'stale';
  return { ...doc, warehouses: { ...doc.warehouses, [count.warehouseId]: { onHand: count.onHand, at } } };
}

/** A product is in stock when some variant has stock on hand in some warehouse. */
export function isInStock(variants: readonly (VariantStock | undefined)[]): boolean {
  return variants.some((variant) => variant !== undefined && Object.values(variant.warehouses).some((w) => w.onHand > 0));
}
