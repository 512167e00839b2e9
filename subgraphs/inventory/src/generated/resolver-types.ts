export type Maybe<T> = T | null;
export type InputMaybe<T> = Maybe<T>;
/** All built-in and custom scalars, mapped to their actual values */
export type Scalars = {
  ID: { input: string; output: string; }
  String: { input: string; output: string; }
  Boolean: { input: boolean; output: boolean; }
  Int: { input: number; output: number; }
  Float: { input: number; output: number; }
};

export type AdjustStockInput = {
  /** Units to add (positive) or remove (negative); not 0. */
  delta: Scalars['Int']['input'];
  reason: Scalars['String']['input'];
  variantId: Scalars['ID']['input'];
  warehouseId: Scalars['ID']['input'];
};

export type CreateWarehouseInput = {
  /** 2-32 letters, digits, '-' or '_'; stored upper case; unique. */
  code: Scalars['String']['input'];
  name: Scalars['String']['input'];
};

export type MovementKind =
  /** An admin added or removed units (receipt, damage, correction). */
  | 'ADJUSTMENT'
  /** Reserved units shipped, taken off hand. */
  | 'COMMIT'
  /** Reserved units given back (order cancelled or reservation expired). */
  | 'RELEASE'
  /** Units reserved for an order. */
  | 'RESERVATION'
  /** An admin set the on-hand count (stocktake). */
  | 'SET';

export type Mutation = {
  __typename?: 'Mutation';
  /** Admin only. CONFLICT when on hand would fall below reserved or below 0. */
  adjustStock: StockLevel;
  /** Admin only. CONFLICT when the code is taken. */
  createWarehouse: Warehouse;
  /** Admin only. */
  setLowStockThreshold: StockLevel;
  /** Admin only. CONFLICT when the count is below what is reserved. */
  setStock: StockLevel;
  /** Admin only. An inactive warehouse fulfils no new orders; its stock and reservations stay. */
  setWarehouseActive: Warehouse;
};


export type MutationAdjustStockArgs = {
  input: AdjustStockInput;
};


export type MutationCreateWarehouseArgs = {
  input: CreateWarehouseInput;
};


export type MutationSetLowStockThresholdArgs = {
  threshold: Scalars['Int']['input'];
  variantId: Scalars['ID']['input'];
  warehouseId: Scalars['ID']['input'];
};


export type MutationSetStockArgs = {
  input: SetStockInput;
};


export type MutationSetWarehouseActiveArgs = {
  active: Scalars['Boolean']['input'];
  id: Scalars['ID']['input'];
};

export type PageInfo = {
  __typename?: 'PageInfo';
  endCursor?: Maybe<Scalars['String']['output']>;
  hasNextPage: Scalars['Boolean']['output'];
};

export type ProductVariant = {
  __typename?: 'ProductVariant';
  id: Scalars['ID']['output'];
  /** True when at least one unit can be ordered now. Null, with an error, when inventory fails, so the rest of the variant still answers. */
  inStock?: Maybe<Scalars['Boolean']['output']>;
  /** Null, with an error, when inventory fails. */
  stock?: Maybe<VariantStock>;
};

export type Query = {
  __typename?: 'Query';
  /**
   * Admin only. The stock items at or below their low-stock threshold (what LowStock announces):
   * in active warehouses, of variants still sold, that held or owed a unit at some time (not the
   * zero item every variant has in every warehouse). Newest variants first. first: 0 to 100.
   */
  lowStock: StockLevelConnection;
  /** Admin only. Newest first; filter by variant, warehouse or both. */
  stockMovements: StockMovementConnection;
  /** Admin only. By code. */
  warehouses: Array<Warehouse>;
};


export type QueryLowStockArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};


export type QueryStockMovementsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  variantId?: InputMaybe<Scalars['ID']['input']>;
  warehouseId?: InputMaybe<Scalars['ID']['input']>;
};

export type SetStockInput = {
  /** The counted quantity; not below what is reserved. */
  onHand: Scalars['Int']['input'];
  reason: Scalars['String']['input'];
  variantId: Scalars['ID']['input'];
  warehouseId: Scalars['ID']['input'];
};

/** One variant's stock in one warehouse. */
export type StockLevel = {
  __typename?: 'StockLevel';
  /** onHand - reserved. */
  available: Scalars['Int']['output'];
  /** LowStock is emitted when available falls to or below this. */
  lowStockThreshold: Scalars['Int']['output'];
  onHand: Scalars['Int']['output'];
  reserved: Scalars['Int']['output'];
  /** The variant itself (its sku and title come from the catalog). */
  variant: ProductVariant;
  variantId: Scalars['ID']['output'];
  /**
   * Counts the changes of this item's quantities and of its warehouse's status. StockLevelChanged
   * carries the same number, so a read model told this level can tell later events from older ones.
   */
  version: Scalars['Int']['output'];
  warehouse: Warehouse;
};

export type StockLevelConnection = {
  __typename?: 'StockLevelConnection';
  edges: Array<StockLevelEdge>;
  pageInfo: PageInfo;
  totalCount: Scalars['Int']['output'];
};

export type StockLevelEdge = {
  __typename?: 'StockLevelEdge';
  cursor: Scalars['String']['output'];
  node: StockLevel;
};

/**
 * One change to a stock item. For every item, the deltas of its movements add up to its
 * current on-hand and reserved quantities.
 */
export type StockMovement = {
  __typename?: 'StockMovement';
  /** ISO 8601 UTC. */
  createdAt: Scalars['String']['output'];
  id: Scalars['ID']['output'];
  kind: MovementKind;
  onHandAfter: Scalars['Int']['output'];
  onHandDelta: Scalars['Int']['output'];
  /** The order behind a reservation, release or commit. */
  orderId?: Maybe<Scalars['ID']['output']>;
  reason: Scalars['String']['output'];
  reservedAfter: Scalars['Int']['output'];
  reservedDelta: Scalars['Int']['output'];
  variantId: Scalars['ID']['output'];
  warehouse: Warehouse;
};

export type StockMovementConnection = {
  __typename?: 'StockMovementConnection';
  edges: Array<StockMovementEdge>;
  pageInfo: PageInfo;
  totalCount: Scalars['Int']['output'];
};

export type StockMovementEdge = {
  __typename?: 'StockMovementEdge';
  cursor: Scalars['String']['output'];
  node: StockMovement;
};

/**
 * A variant's stock over all warehouses. Everyone sees what can be ordered; the physical
 * counts behind it are for admins (anyone else gets FORBIDDEN, or UNAUTHENTICATED when
 * anonymous, on those fields).
 */
export type VariantStock = {
  __typename?: 'VariantStock';
  /** Units that can be ordered now: on hand minus reserved, summed over active warehouses; never negative. */
  available: Scalars['Int']['output'];
  /** Admin only. One per warehouse holding a stock item of the variant, by warehouse code. */
  levels?: Maybe<Array<StockLevel>>;
  /** Admin only. Units physically on hand, over all warehouses. */
  onHand?: Maybe<Scalars['Int']['output']>;
  /** Admin only. Units promised to orders that have not shipped yet. */
  reserved?: Maybe<Scalars['Int']['output']>;
};

/** A place that holds stock. Owned by the inventory subgraph. */
export type Warehouse = {
  __typename?: 'Warehouse';
  /** Inactive warehouses keep their stock but fulfil no new orders. */
  active: Scalars['Boolean']['output'];
  /** Short unique code, upper case, e.g. BER-1. */
  code: Scalars['String']['output'];
  /** ISO 8601 UTC. */
  createdAt: Scalars['String']['output'];
  id: Scalars['ID']['output'];
  name: Scalars['String']['output'];
};
