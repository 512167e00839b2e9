import { CatalogError } from './errors.ts';

export const PRODUCT_SORTS = ['NEWEST', 'NAME_ASC', 'PRICE_ASC', 'PRICE_DESC'] as const;
export type ProductSort = (typeof PRODUCT_SORTS)[number];

/** The sort key and direction of each order; ties are broken by id in the same direction. */
export const SORT_KEYS: Record<ProductSort, { field: '_id' | 'name' | 'sortPrice'; direction: 1 | -1 }> = {
  NEWEST: { field: '_id', direction: -1 }, // ids are time-ordered ULIDs
  NAME_ASC: { field: 'name', direction: 1 },
  PRICE_ASC: { field: 'sortPrice', direction: 1 },
  PRICE_DESC: { field: 'sortPrice', direction: -1 },
};

export interface Cursor {
  sort: ProductSort;
  key: string | number;
  id: string;
}

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify([cursor.sort, cursor.key, cursor.id])).toString('base64url');
}

/** Decodes a cursor made for `sort`; a cursor from another sort or garbage is BAD_USER_INPUT. */
export function decodeCursor(value: string, sort: ProductSort): Cursor {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(value, 'base64url').toString());
    if (Array.isArray(parsed) && parsed.length === 3) {
      const [cursorSort, key, id] = parsed as unknown[];
      if (cursorSort === sort && (typeof key === 'string' || typeof key === 'number') && typeof id === 'string') {
        return { sort, key, id };
      }
    }
  } catch {
    // fall through
  }
  throw new CatalogError('BAD_USER_INPUT', 'The cursor is not valid for this sort; use pageInfo.endCursor.');
}
