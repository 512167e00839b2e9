export const PRODUCT_STATUSES = ['DRAFT', 'ACTIVE', 'ARCHIVED'] as const;
export type ProductStatus = (typeof PRODUCT_STATUSES)[number];

/** What reviews knows about a catalog product: a read model fed by catalog.events. */
export interface KnownProduct {
  id: string;
  status: ProductStatus | null;
  deleted: boolean;
}

/** Only products shoppers can see and buy take new reviews. */
export function isReviewable(product: KnownProduct | undefined): boolean {
  return product !== undefined && !product.deleted && product.status === 'ACTIVE';
}
