import type { GraphQLResolveInfo } from 'graphql';
import type { Context } from '../context.ts';
export type Maybe<T> = T | null;
export type InputMaybe<T> = Maybe<T>;
export type RequireFields<T, K extends keyof T> = Omit<T, K> & { [P in K]-?: NonNullable<T[P]> };
/** All built-in and custom scalars, mapped to their actual values */
export type Scalars = {
  ID: { input: string; output: string; }
  String: { input: string; output: string; }
  Boolean: { input: boolean; output: boolean; }
  Int: { input: number; output: number; }
  Float: { input: number; output: number; }
  _FieldSet: { input: string; output: string; }
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



export type ResolverTypeWrapper<T> = Promise<T> | T;

export type ReferenceResolver<TResult, TReference, TContext> = (
      reference: TReference,
      context: TContext,
      info: GraphQLResolveInfo
    ) => Promise<TResult> | TResult;

      type ScalarCheck<T, S> = S extends true ? T : NullableCheck<T, S>;
      type NullableCheck<T, S> = Maybe<T> extends T ? Maybe<ListCheck<NonNullable<T>, S>> : ListCheck<T, S>;
      type ListCheck<T, S> = T extends (infer U)[] ? NullableCheck<U, S>[] : GraphQLRecursivePick<T, S>;
      export type GraphQLRecursivePick<T, S> = { [K in keyof T & keyof S]: ScalarCheck<T[K], S[K]> };
    

export type ResolverWithResolve<TResult, TParent, TContext, TArgs> = {
  resolve: ResolverFn<TResult, TParent, TContext, TArgs>;
};
export type Resolver<TResult, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> = ResolverFn<TResult, TParent, TContext, TArgs> | ResolverWithResolve<TResult, TParent, TContext, TArgs>;

export type ResolverFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => Promise<TResult> | TResult;

export type SubscriptionSubscribeFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => AsyncIterable<TResult> | Promise<AsyncIterable<TResult>>;

export type SubscriptionResolveFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => TResult | Promise<TResult>;

export interface SubscriptionSubscriberObject<TResult, TKey extends string, TParent, TContext, TArgs> {
  subscribe: SubscriptionSubscribeFn<{ [key in TKey]: TResult }, TParent, TContext, TArgs>;
  resolve?: SubscriptionResolveFn<TResult, { [key in TKey]: TResult }, TContext, TArgs>;
}

export interface SubscriptionResolverObject<TResult, TParent, TContext, TArgs> {
  subscribe: SubscriptionSubscribeFn<any, TParent, TContext, TArgs>;
  resolve: SubscriptionResolveFn<TResult, any, TContext, TArgs>;
}

export type SubscriptionObject<TResult, TKey extends string, TParent, TContext, TArgs> =
  | SubscriptionSubscriberObject<TResult, TKey, TParent, TContext, TArgs>
  | SubscriptionResolverObject<TResult, TParent, TContext, TArgs>;

export type SubscriptionResolver<TResult, TKey extends string, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> =
  | ((...args: any[]) => SubscriptionObject<TResult, TKey, TParent, TContext, TArgs>)
  | SubscriptionObject<TResult, TKey, TParent, TContext, TArgs>;

export type TypeResolveFn<TTypes, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>> = (
  parent: TParent,
  context: TContext,
  info: GraphQLResolveInfo
) => Maybe<TTypes> | Promise<Maybe<TTypes>>;

export type IsTypeOfResolverFn<T = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>> = (obj: T, context: TContext, info: GraphQLResolveInfo) => boolean | Promise<boolean>;

export type NextResolverFn<T> = () => Promise<T>;

export type DirectiveResolverFn<TResult = Record<PropertyKey, never>, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> = (
  next: NextResolverFn<TResult>,
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => TResult | Promise<TResult>;

/** Mapping of federation types */
export type FederationTypes = {
  ProductVariant: ProductVariant;
  Warehouse: Warehouse;
};

/** Mapping of federation reference types */
export type FederationReferenceTypes = {
  ProductVariant:
    ( { __typename: 'ProductVariant' }
    & GraphQLRecursivePick<FederationTypes['ProductVariant'], {"id":true}> );
  Warehouse:
    ( { __typename: 'Warehouse' }
    & GraphQLRecursivePick<FederationTypes['Warehouse'], {"id":true}> );
};



/** Mapping between all available schema types and the resolvers types */
export type ResolversTypes = {
  AdjustStockInput: AdjustStockInput;
  Int: ResolverTypeWrapper<Scalars['Int']['output']>;
  String: ResolverTypeWrapper<Scalars['String']['output']>;
  ID: ResolverTypeWrapper<Scalars['ID']['output']>;
  CreateWarehouseInput: CreateWarehouseInput;
  MovementKind: MovementKind;
  Mutation: ResolverTypeWrapper<Record<PropertyKey, never>>;
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
  PageInfo: ResolverTypeWrapper<PageInfo>;
  ProductVariant: ResolverTypeWrapper<ProductVariant>;
  Query: ResolverTypeWrapper<Record<PropertyKey, never>>;
  SetStockInput: SetStockInput;
  StockLevel: ResolverTypeWrapper<StockLevel>;
  StockLevelConnection: ResolverTypeWrapper<StockLevelConnection>;
  StockLevelEdge: ResolverTypeWrapper<StockLevelEdge>;
  StockMovement: ResolverTypeWrapper<StockMovement>;
  StockMovementConnection: ResolverTypeWrapper<StockMovementConnection>;
  StockMovementEdge: ResolverTypeWrapper<StockMovementEdge>;
  VariantStock: ResolverTypeWrapper<VariantStock>;
  Warehouse: ResolverTypeWrapper<Warehouse>;
};

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = {
  AdjustStockInput: AdjustStockInput;
  Int: Scalars['Int']['output'];
  String: Scalars['String']['output'];
  ID: Scalars['ID']['output'];
  CreateWarehouseInput: CreateWarehouseInput;
  Mutation: Record<PropertyKey, never>;
  Boolean: Scalars['Boolean']['output'];
  PageInfo: PageInfo;
  ProductVariant: ProductVariant | FederationReferenceTypes['ProductVariant'];
  Query: Record<PropertyKey, never>;
  SetStockInput: SetStockInput;
  StockLevel: StockLevel;
  StockLevelConnection: StockLevelConnection;
  StockLevelEdge: StockLevelEdge;
  StockMovement: StockMovement;
  StockMovementConnection: StockMovementConnection;
  StockMovementEdge: StockMovementEdge;
  VariantStock: VariantStock;
  Warehouse: Warehouse | FederationReferenceTypes['Warehouse'];
};

export type MutationResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Mutation'] = ResolversParentTypes['Mutation']> = {
  adjustStock?: Resolver<ResolversTypes['StockLevel'], ParentType, ContextType, RequireFields<MutationAdjustStockArgs, 'input'>>;
  createWarehouse?: Resolver<ResolversTypes['Warehouse'], ParentType, ContextType, RequireFields<MutationCreateWarehouseArgs, 'input'>>;
  setLowStockThreshold?: Resolver<ResolversTypes['StockLevel'], ParentType, ContextType, RequireFields<MutationSetLowStockThresholdArgs, 'threshold' | 'variantId' | 'warehouseId'>>;
  setStock?: Resolver<ResolversTypes['StockLevel'], ParentType, ContextType, RequireFields<MutationSetStockArgs, 'input'>>;
  setWarehouseActive?: Resolver<ResolversTypes['Warehouse'], ParentType, ContextType, RequireFields<MutationSetWarehouseActiveArgs, 'active' | 'id'>>;
};

export type PageInfoResolvers<ContextType = Context, ParentType extends ResolversParentTypes['PageInfo'] = ResolversParentTypes['PageInfo']> = {
  endCursor?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  hasNextPage?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
};

export type ProductVariantResolvers<ContextType = Context, ParentType extends ResolversParentTypes['ProductVariant'] = ResolversParentTypes['ProductVariant'], FederationReferenceType extends FederationReferenceTypes['ProductVariant'] = FederationReferenceTypes['ProductVariant']> = {
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['ProductVariant']> | FederationReferenceType, FederationReferenceType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  inStock?: Resolver<Maybe<ResolversTypes['Boolean']>, ParentType, ContextType>;
  stock?: Resolver<Maybe<ResolversTypes['VariantStock']>, ParentType, ContextType>;
};

export type QueryResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Query'] = ResolversParentTypes['Query']> = {
  lowStock?: Resolver<ResolversTypes['StockLevelConnection'], ParentType, ContextType, RequireFields<QueryLowStockArgs, 'first'>>;
  stockMovements?: Resolver<ResolversTypes['StockMovementConnection'], ParentType, ContextType, RequireFields<QueryStockMovementsArgs, 'first'>>;
  warehouses?: Resolver<Array<ResolversTypes['Warehouse']>, ParentType, ContextType>;
};

export type StockLevelResolvers<ContextType = Context, ParentType extends ResolversParentTypes['StockLevel'] = ResolversParentTypes['StockLevel']> = {
  available?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  lowStockThreshold?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  onHand?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  reserved?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  variant?: Resolver<ResolversTypes['ProductVariant'], ParentType, ContextType>;
  variantId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  version?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  warehouse?: Resolver<ResolversTypes['Warehouse'], ParentType, ContextType>;
};

export type StockLevelConnectionResolvers<ContextType = Context, ParentType extends ResolversParentTypes['StockLevelConnection'] = ResolversParentTypes['StockLevelConnection']> = {
  edges?: Resolver<Array<ResolversTypes['StockLevelEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
  totalCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type StockLevelEdgeResolvers<ContextType = Context, ParentType extends ResolversParentTypes['StockLevelEdge'] = ResolversParentTypes['StockLevelEdge']> = {
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['StockLevel'], ParentType, ContextType>;
};

export type StockMovementResolvers<ContextType = Context, ParentType extends ResolversParentTypes['StockMovement'] = ResolversParentTypes['StockMovement']> = {
  createdAt?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  kind?: Resolver<ResolversTypes['MovementKind'], ParentType, ContextType>;
  onHandAfter?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  onHandDelta?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  orderId?: Resolver<Maybe<ResolversTypes['ID']>, ParentType, ContextType>;
  reason?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  reservedAfter?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  reservedDelta?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  variantId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  warehouse?: Resolver<ResolversTypes['Warehouse'], ParentType, ContextType>;
};

export type StockMovementConnectionResolvers<ContextType = Context, ParentType extends ResolversParentTypes['StockMovementConnection'] = ResolversParentTypes['StockMovementConnection']> = {
  edges?: Resolver<Array<ResolversTypes['StockMovementEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
  totalCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type StockMovementEdgeResolvers<ContextType = Context, ParentType extends ResolversParentTypes['StockMovementEdge'] = ResolversParentTypes['StockMovementEdge']> = {
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['StockMovement'], ParentType, ContextType>;
};

export type VariantStockResolvers<ContextType = Context, ParentType extends ResolversParentTypes['VariantStock'] = ResolversParentTypes['VariantStock']> = {
  available?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  levels?: Resolver<Maybe<Array<ResolversTypes['StockLevel']>>, ParentType, ContextType>;
  onHand?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  reserved?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
};

export type WarehouseResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Warehouse'] = ResolversParentTypes['Warehouse'], FederationReferenceType extends FederationReferenceTypes['Warehouse'] = FederationReferenceTypes['Warehouse']> = {
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Warehouse']> | FederationReferenceType, FederationReferenceType, ContextType>;
  active?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  code?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type Resolvers<ContextType = Context> = {
  Mutation?: MutationResolvers<ContextType>;
  PageInfo?: PageInfoResolvers<ContextType>;
  ProductVariant?: ProductVariantResolvers<ContextType>;
  Query?: QueryResolvers<ContextType>;
  StockLevel?: StockLevelResolvers<ContextType>;
  StockLevelConnection?: StockLevelConnectionResolvers<ContextType>;
  StockLevelEdge?: StockLevelEdgeResolvers<ContextType>;
  StockMovement?: StockMovementResolvers<ContextType>;
  StockMovementConnection?: StockMovementConnectionResolvers<ContextType>;
  StockMovementEdge?: StockMovementEdgeResolvers<ContextType>;
  VariantStock?: VariantStockResolvers<ContextType>;
  Warehouse?: WarehouseResolvers<ContextType>;
};

