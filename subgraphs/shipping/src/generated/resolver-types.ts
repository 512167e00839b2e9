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

export type Money = {
  __typename?: 'Money';
  amount: Scalars['String']['output'];
  currencyCode: Scalars['String']['output'];
  minorUnits: Scalars['String']['output'];
};

export type Mutation = {
  __typename?: 'Mutation';
  /**
   * Admin only. Records a carrier scan. Repeating the current status changes nothing;
   * a move the status rules forbid (e.g. anything after DELIVERED) is a CONFLICT.
   */
  recordTrackingEvent: Shipment;
};


export type MutationRecordTrackingEventArgs = {
  input: TrackingEventInput;
  shipmentId: Scalars['ID']['input'];
};

export type Order = {
  __typename?: 'Order';
  id: Scalars['ID']['output'];
  /** Oldest first; empty until the order ships. The order's customer and admins only. Null, with an error, when shipping fails, so the rest of the order still answers. */
  shipments?: Maybe<Array<Shipment>>;
};

export type Query = {
  __typename?: 'Query';
  /** The order's customer or an admin; null when no shipment has this id. */
  shipment?: Maybe<Shipment>;
  /** Rates of every carrier for a parcel of these lines to this destination, cheapest first. BAD_USER_INPUT for an unknown country. */
  shippingQuote: Array<ShippingRate>;
};


export type QueryShipmentArgs = {
  id: Scalars['ID']['input'];
};


export type QueryShippingQuoteArgs = {
  input: ShippingQuoteInput;
};

/**
 * One parcel of an order on its way. Owned by the shipping subgraph. Only the order's
 * customer and admins may see it; anyone else gets FORBIDDEN (UNAUTHENTICATED when anonymous).
 */
export type Shipment = {
  __typename?: 'Shipment';
  /** Private: the destination. */
  address?: Maybe<ShipmentAddress>;
  /** PostNL, DHL or UPS. */
  carrier: Scalars['String']['output'];
  /** ISO 8601 UTC. */
  createdAt: Scalars['String']['output'];
  /** ISO 8601 UTC: the end of the promised delivery day. */
  estimatedDelivery: Scalars['String']['output'];
  id: Scalars['ID']['output'];
  /** Resolved by the orders subgraph; null, with an error, when that fails. */
  order?: Maybe<Order>;
  service: ShippingService;
  status: ShipmentStatus;
  /** Oldest first. */
  trackingEvents: Array<TrackingEvent>;
  trackingNumber: Scalars['String']['output'];
  /** The carrier's public tracking page. */
  trackingUrl: Scalars['String']['output'];
  /** ISO 8601 UTC. */
  updatedAt: Scalars['String']['output'];
};

/** A shipment's destination, as the order gave it. */
export type ShipmentAddress = {
  __typename?: 'ShipmentAddress';
  city: Scalars['String']['output'];
  /** ISO 3166-1 alpha-2. */
  country: Scalars['String']['output'];
  line1: Scalars['String']['output'];
  line2?: Maybe<Scalars['String']['output']>;
  phone?: Maybe<Scalars['String']['output']>;
  postalCode: Scalars['String']['output'];
  recipient: Scalars['String']['output'];
  region?: Maybe<Scalars['String']['output']>;
};

/**
 * Where a shipment is. LABEL_CREATED → IN_TRANSIT → OUT_FOR_DELIVERY → DELIVERED; EXCEPTION
 * (a problem on the way) returns to IN_TRANSIT. DELIVERED and CANCELLED are final; only a
 * shipment still LABEL_CREATED is cancelled with its order.
 */
export type ShipmentStatus =
  | 'CANCELLED'
  | 'DELIVERED'
  | 'EXCEPTION'
  | 'IN_TRANSIT'
  | 'LABEL_CREATED'
  | 'OUT_FOR_DELIVERY';

export type ShippingQuoteAddressInput = {
  /** ISO 3166-1 alpha-2, e.g. NL. */
  country: Scalars['String']['input'];
  postalCode: Scalars['String']['input'];
};

export type ShippingQuoteInput = {
  address: ShippingQuoteAddressInput;
  /** 1-100 lines. */
  lines: Array<ShippingQuoteLineInput>;
  /** Only rates of this service; all services when absent. */
  service?: InputMaybe<ShippingService>;
};

export type ShippingQuoteLineInput = {
  /** 1-1000. */
  quantity: Scalars['Int']['input'];
  variantId: Scalars['ID']['input'];
  /** Weight of one unit in grams. */
  weightGrams: Scalars['Int']['input'];
};

/** What one carrier charges to ship a parcel with one service. */
export type ShippingRate = {
  __typename?: 'ShippingRate';
  /** PostNL, DHL or UPS. */
  carrier: Scalars['String']['output'];
  /** Transit time in business days. */
  estimatedDays: Scalars['Int']['output'];
  price: Money;
  service: ShippingService;
};

/** How fast a parcel travels. EXPRESS is faster and dearer. */
export type ShippingService =
  | 'EXPRESS'
  | 'STANDARD';

export type Subscription = {
  __typename?: 'Subscription';
  /**
   * Each shipment of the order as it is created and as its tracking changes. The order's
   * customer or an admin. Every payload carries extensions.cursor.
   */
  shipmentUpdated: Shipment;
};


export type SubscriptionShipmentUpdatedArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  orderId: Scalars['ID']['input'];
};

/** One scan or status change of a shipment. */
export type TrackingEvent = {
  __typename?: 'TrackingEvent';
  /** Where it happened; none for a cancellation. */
  location?: Maybe<Scalars['String']['output']>;
  /** ISO 8601 UTC. */
  occurredAt: Scalars['String']['output'];
  status: ShipmentStatus;
};

export type TrackingEventInput = {
  location: Scalars['String']['input'];
  /** ISO 8601; now when absent. Not in the future, not before the shipment's latest event. */
  occurredAt?: InputMaybe<Scalars['String']['input']>;
  /** Any status but CANCELLED (cancel the order instead). */
  status: ShipmentStatus;
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
  Order: Order;
  Shipment: Shipment;
};

/** Mapping of federation reference types */
export type FederationReferenceTypes = {
  Order:
    ( { __typename: 'Order' }
    & GraphQLRecursivePick<FederationTypes['Order'], {"id":true}> );
  Shipment:
    ( { __typename: 'Shipment' }
    & GraphQLRecursivePick<FederationTypes['Shipment'], {"id":true}> );
};



/** Mapping between all available schema types and the resolvers types */
export type ResolversTypes = {
  Money: ResolverTypeWrapper<Money>;
  String: ResolverTypeWrapper<Scalars['String']['output']>;
  Mutation: ResolverTypeWrapper<Record<PropertyKey, never>>;
  ID: ResolverTypeWrapper<Scalars['ID']['output']>;
  Order: ResolverTypeWrapper<Order>;
  Query: ResolverTypeWrapper<Record<PropertyKey, never>>;
  Shipment: ResolverTypeWrapper<Shipment>;
  ShipmentAddress: ResolverTypeWrapper<ShipmentAddress>;
  ShipmentStatus: ShipmentStatus;
  ShippingQuoteAddressInput: ShippingQuoteAddressInput;
  ShippingQuoteInput: ShippingQuoteInput;
  ShippingQuoteLineInput: ShippingQuoteLineInput;
  Int: ResolverTypeWrapper<Scalars['Int']['output']>;
  ShippingRate: ResolverTypeWrapper<ShippingRate>;
  ShippingService: ShippingService;
  Subscription: ResolverTypeWrapper<Record<PropertyKey, never>>;
  TrackingEvent: ResolverTypeWrapper<TrackingEvent>;
  TrackingEventInput: TrackingEventInput;
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
};

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = {
  Money: Money;
  String: Scalars['String']['output'];
  Mutation: Record<PropertyKey, never>;
  ID: Scalars['ID']['output'];
  Order: Order | FederationReferenceTypes['Order'];
  Query: Record<PropertyKey, never>;
  Shipment: Shipment | FederationReferenceTypes['Shipment'];
  ShipmentAddress: ShipmentAddress;
  ShippingQuoteAddressInput: ShippingQuoteAddressInput;
  ShippingQuoteInput: ShippingQuoteInput;
  ShippingQuoteLineInput: ShippingQuoteLineInput;
  Int: Scalars['Int']['output'];
  ShippingRate: ShippingRate;
  Subscription: Record<PropertyKey, never>;
  TrackingEvent: TrackingEvent;
  TrackingEventInput: TrackingEventInput;
  Boolean: Scalars['Boolean']['output'];
};

export type MoneyResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Money'] = ResolversParentTypes['Money']> = {
  amount?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  currencyCode?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  minorUnits?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type MutationResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Mutation'] = ResolversParentTypes['Mutation']> = {
  recordTrackingEvent?: Resolver<ResolversTypes['Shipment'], ParentType, ContextType, RequireFields<MutationRecordTrackingEventArgs, 'input' | 'shipmentId'>>;
};

export type OrderResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Order'] = ResolversParentTypes['Order'], FederationReferenceType extends FederationReferenceTypes['Order'] = FederationReferenceTypes['Order']> = {
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Order']> | FederationReferenceType, FederationReferenceType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  shipments?: Resolver<Maybe<Array<ResolversTypes['Shipment']>>, ParentType, ContextType>;
};

export type QueryResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Query'] = ResolversParentTypes['Query']> = {
  shipment?: Resolver<Maybe<ResolversTypes['Shipment']>, ParentType, ContextType, RequireFields<QueryShipmentArgs, 'id'>>;
  shippingQuote?: Resolver<Array<ResolversTypes['ShippingRate']>, ParentType, ContextType, RequireFields<QueryShippingQuoteArgs, 'input'>>;
};

export type ShipmentResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Shipment'] = ResolversParentTypes['Shipment'], FederationReferenceType extends FederationReferenceTypes['Shipment'] = FederationReferenceTypes['Shipment']> = {
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Shipment']> | FederationReferenceType, FederationReferenceType, ContextType>;
  address?: Resolver<Maybe<ResolversTypes['ShipmentAddress']>, ParentType, ContextType>;
  carrier?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  estimatedDelivery?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  order?: Resolver<Maybe<ResolversTypes['Order']>, ParentType, ContextType>;
  service?: Resolver<ResolversTypes['ShippingService'], ParentType, ContextType>;
  status?: Resolver<ResolversTypes['ShipmentStatus'], ParentType, ContextType>;
  trackingEvents?: Resolver<Array<ResolversTypes['TrackingEvent']>, ParentType, ContextType>;
  trackingNumber?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  trackingUrl?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  updatedAt?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type ShipmentAddressResolvers<ContextType = Context, ParentType extends ResolversParentTypes['ShipmentAddress'] = ResolversParentTypes['ShipmentAddress']> = {
  city?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  country?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  line1?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  line2?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  phone?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  postalCode?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  recipient?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  region?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
};

export type ShippingRateResolvers<ContextType = Context, ParentType extends ResolversParentTypes['ShippingRate'] = ResolversParentTypes['ShippingRate']> = {
  carrier?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  estimatedDays?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  price?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  service?: Resolver<ResolversTypes['ShippingService'], ParentType, ContextType>;
};

export type SubscriptionResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Subscription'] = ResolversParentTypes['Subscription']> = {
  shipmentUpdated?: SubscriptionResolver<ResolversTypes['Shipment'], "shipmentUpdated", ParentType, ContextType, RequireFields<SubscriptionShipmentUpdatedArgs, 'orderId'>>;
};

export type TrackingEventResolvers<ContextType = Context, ParentType extends ResolversParentTypes['TrackingEvent'] = ResolversParentTypes['TrackingEvent']> = {
  location?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  occurredAt?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  status?: Resolver<ResolversTypes['ShipmentStatus'], ParentType, ContextType>;
};

export type Resolvers<ContextType = Context> = {
  Money?: MoneyResolvers<ContextType>;
  Mutation?: MutationResolvers<ContextType>;
  Order?: OrderResolvers<ContextType>;
  Query?: QueryResolvers<ContextType>;
  Shipment?: ShipmentResolvers<ContextType>;
  ShipmentAddress?: ShipmentAddressResolvers<ContextType>;
  ShippingRate?: ShippingRateResolvers<ContextType>;
  Subscription?: SubscriptionResolvers<ContextType>;
  TrackingEvent?: TrackingEventResolvers<ContextType>;
};

