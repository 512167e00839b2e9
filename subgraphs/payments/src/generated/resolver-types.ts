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

export type AddPaymentMethodInput = {
  /** The first method always becomes the default. */
  setDefault?: InputMaybe<Scalars['Boolean']['input']>;
  /**
   * A card token from the payment gateway; the card number itself is never sent here. In the
   * sandbox, POST {number, expMonth, expYear, cvc, holderName} to /sandbox-gateway/tokens on
   * this service to get one. Test cards (any future expiry, any CVC): 4242424242424242 (Visa)
   * and 5555555555554444 (Mastercard) are approved; 4000000000009995 is declined
   * INSUFFICIENT_FUNDS, 4000000000000069 CARD_EXPIRED, 4000000000000002 CARD_DECLINED;
   * 4000000000000119 fails transiently a few times per attempt, then succeeds.
   */
  token: Scalars['String']['input'];
};

export type CardBrand =
  | 'AMEX'
  | 'DISCOVER'
  | 'MASTERCARD'
  | 'UNKNOWN'
  | 'VISA';

export type Customer = {
  __typename?: 'Customer';
  id: Scalars['ID']['output'];
  /** The customer themself and admins only. Oldest first; removed methods are not listed. */
  paymentMethods?: Maybe<Array<PaymentMethod>>;
};

export type Money = {
  __typename?: 'Money';
  amount: Scalars['String']['output'];
  currencyCode: Scalars['String']['output'];
  minorUnits: Scalars['String']['output'];
};

export type MoneyInput = {
  amount: Scalars['String']['input'];
  currencyCode: Scalars['String']['input'];
};

export type Mutation = {
  __typename?: 'Mutation';
  /** Keeps a tokenized card for the signed-in customer. BAD_USER_INPUT for an unknown token or an expired card. */
  addPaymentMethod: PaymentMethod;
  /** Admin only. Captures an authorized payment now; a captured one is returned as it is. CONFLICT in any other state. */
  capturePayment: Payment;
  /**
   * Admin only. Refunds the amount, or everything left when no amount is given. Partial refunds
   * may add up to the captured amount; more, or a refund of an uncaptured payment, is a CONFLICT.
   */
  refundPayment: Payment;
  /** The owner or an admin. Removing the default makes the newest remaining method the default. */
  removePaymentMethod: Scalars['Boolean']['output'];
  /** The owner or an admin. */
  setDefaultPaymentMethod: PaymentMethod;
};


export type MutationAddPaymentMethodArgs = {
  input: AddPaymentMethodInput;
};


export type MutationCapturePaymentArgs = {
  paymentId: Scalars['ID']['input'];
};


export type MutationRefundPaymentArgs = {
  amount?: InputMaybe<MoneyInput>;
  paymentId: Scalars['ID']['input'];
  reason: Scalars['String']['input'];
};


export type MutationRemovePaymentMethodArgs = {
  id: Scalars['ID']['input'];
};


export type MutationSetDefaultPaymentMethodArgs = {
  id: Scalars['ID']['input'];
};

export type Order = {
  __typename?: 'Order';
  id: Scalars['ID']['output'];
  /** The customer who placed the order and admins only. Null until payment is requested. */
  payment?: Maybe<Payment>;
};

/**
 * The payment of one order. Owned by the payments subgraph. Visible to the customer who pays
 * and to admins; anyone else gets FORBIDDEN (UNAUTHENTICATED when anonymous).
 */
export type Payment = {
  __typename?: 'Payment';
  /** The order total to authorize. */
  amount: Money;
  capturedAmount: Money;
  /** ISO 8601 UTC. */
  createdAt: Scalars['String']['output'];
  failureCode?: Maybe<PaymentFailureCode>;
  failureMessage?: Maybe<Scalars['String']['output']>;
  id: Scalars['ID']['output'];
  /** Null when the order named no payment method of the customer. */
  method?: Maybe<PaymentMethodSummary>;
  /** Resolved by the orders subgraph (beyond its id); null, with an error, when that fails. */
  order?: Maybe<Order>;
  /** Only refunds the gateway confirmed. */
  refundedAmount: Money;
  /** Oldest first. */
  refunds: Array<Refund>;
  status: PaymentStatus;
  /** Oldest first. */
  transactions: Array<PaymentTransaction>;
  /** ISO 8601 UTC. */
  updatedAt: Scalars['String']['output'];
};

export type PaymentFailureCode =
  | 'CARD_DECLINED'
  | 'CARD_EXPIRED'
  | 'INSUFFICIENT_FUNDS'
  | 'PAYMENT_METHOD_NOT_FOUND'
  | 'PROCESSING_ERROR';

/**
 * A card a customer keeps on file. Owned by the payments subgraph. Only the customer and
 * admins can see it (anyone else gets FORBIDDEN, UNAUTHENTICATED when anonymous). The card
 * number never reaches this service and the gateway token behind the method is never shown.
 */
export type PaymentMethod = {
  __typename?: 'PaymentMethod';
  brand: CardBrand;
  /** ISO 8601 UTC. */
  createdAt: Scalars['String']['output'];
  /** 1-12. */
  expMonth: Scalars['Int']['output'];
  expYear: Scalars['Int']['output'];
  holderName: Scalars['String']['output'];
  id: Scalars['ID']['output'];
  /** The method the customer pays with unless they pick another. */
  isDefault: Scalars['Boolean']['output'];
  /** The last four digits of the card number. */
  last4: Scalars['String']['output'];
};

/** What a payment was made with, kept even after the method is removed. */
export type PaymentMethodSummary = {
  __typename?: 'PaymentMethodSummary';
  brand: CardBrand;
  last4: Scalars['String']['output'];
};

export type PaymentStatus =
  /** The amount is held on the card; captured when the order is confirmed. */
  | 'AUTHORIZED'
  | 'CAPTURED'
  /** Declined by the card issuer, or no usable payment method (see failureCode). */
  | 'FAILED'
  | 'PARTIALLY_REFUNDED'
  /** The authorization is requested and the gateway has not answered yet. */
  | 'PENDING'
  | 'REFUNDED'
  /** The order was cancelled before capture; the hold on the card is released. */
  | 'VOIDED';

/** One call to the payment gateway on a payment's behalf. */
export type PaymentTransaction = {
  __typename?: 'PaymentTransaction';
  amount: Money;
  /** ISO 8601 UTC. */
  createdAt: Scalars['String']['output'];
  /** The gateway's id of the operation; null when the gateway declined it. */
  gatewayReference?: Maybe<Scalars['String']['output']>;
  id: Scalars['ID']['output'];
  kind: TransactionKind;
  status: TransactionStatus;
};

export type Query = {
  __typename?: 'Query';
  /** The customer who pays and admins only; null when no payment has this id. */
  payment?: Maybe<Payment>;
};


export type QueryPaymentArgs = {
  id: Scalars['ID']['input'];
};

export type Refund = {
  __typename?: 'Refund';
  amount: Money;
  /** ISO 8601 UTC. */
  createdAt: Scalars['String']['output'];
  id: Scalars['ID']['output'];
  reason: Scalars['String']['output'];
  status: RefundStatus;
};

export type RefundStatus =
  | 'FAILED'
  /** Recorded and not yet confirmed by the gateway; completed automatically. */
  | 'PENDING'
  | 'SUCCEEDED';

export type TransactionKind =
  | 'AUTHORIZATION'
  | 'CAPTURE'
  | 'REFUND'
  | 'VOID';

export type TransactionStatus =
  | 'FAILED'
  | 'SUCCEEDED';



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
  Customer: Customer;
  Order: Order;
  Payment: Payment;
  PaymentMethod: PaymentMethod;
};

/** Mapping of federation reference types */
export type FederationReferenceTypes = {
  Customer:
    ( { __typename: 'Customer' }
    & GraphQLRecursivePick<FederationTypes['Customer'], {"id":true}> );
  Order:
    ( { __typename: 'Order' }
    & GraphQLRecursivePick<FederationTypes['Order'], {"id":true}> );
  Payment:
    ( { __typename: 'Payment' }
    & GraphQLRecursivePick<FederationTypes['Payment'], {"id":true}> );
  PaymentMethod:
    ( { __typename: 'PaymentMethod' }
    & GraphQLRecursivePick<FederationTypes['PaymentMethod'], {"id":true}> );
};



/** Mapping between all available schema types and the resolvers types */
export type ResolversTypes = {
  AddPaymentMethodInput: AddPaymentMethodInput;
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
  String: ResolverTypeWrapper<Scalars['String']['output']>;
  CardBrand: CardBrand;
  Customer: ResolverTypeWrapper<Customer>;
  ID: ResolverTypeWrapper<Scalars['ID']['output']>;
  Money: ResolverTypeWrapper<Money>;
  MoneyInput: MoneyInput;
  Mutation: ResolverTypeWrapper<Record<PropertyKey, never>>;
  Order: ResolverTypeWrapper<Order>;
  Payment: ResolverTypeWrapper<Payment>;
  PaymentFailureCode: PaymentFailureCode;
  PaymentMethod: ResolverTypeWrapper<PaymentMethod>;
  Int: ResolverTypeWrapper<Scalars['Int']['output']>;
  PaymentMethodSummary: ResolverTypeWrapper<PaymentMethodSummary>;
  PaymentStatus: PaymentStatus;
  PaymentTransaction: ResolverTypeWrapper<PaymentTransaction>;
  Query: ResolverTypeWrapper<Record<PropertyKey, never>>;
  Refund: ResolverTypeWrapper<Refund>;
  RefundStatus: RefundStatus;
  TransactionKind: TransactionKind;
  TransactionStatus: TransactionStatus;
};

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = {
  AddPaymentMethodInput: AddPaymentMethodInput;
  Boolean: Scalars['Boolean']['output'];
  String: Scalars['String']['output'];
  Customer: Customer | FederationReferenceTypes['Customer'];
  ID: Scalars['ID']['output'];
  Money: Money;
  MoneyInput: MoneyInput;
  Mutation: Record<PropertyKey, never>;
  Order: Order | FederationReferenceTypes['Order'];
  Payment: Payment | FederationReferenceTypes['Payment'];
  PaymentMethod: PaymentMethod | FederationReferenceTypes['PaymentMethod'];
  Int: Scalars['Int']['output'];
  PaymentMethodSummary: PaymentMethodSummary;
  PaymentTransaction: PaymentTransaction;
  Query: Record<PropertyKey, never>;
  Refund: Refund;
};

export type CustomerResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Customer'] = ResolversParentTypes['Customer'], FederationReferenceType extends FederationReferenceTypes['Customer'] = FederationReferenceTypes['Customer']> = {
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Customer']> | FederationReferenceType, FederationReferenceType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  paymentMethods?: Resolver<Maybe<Array<ResolversTypes['PaymentMethod']>>, ParentType, ContextType>;
};

export type MoneyResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Money'] = ResolversParentTypes['Money']> = {
  amount?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  currencyCode?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  minorUnits?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type MutationResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Mutation'] = ResolversParentTypes['Mutation']> = {
  addPaymentMethod?: Resolver<ResolversTypes['PaymentMethod'], ParentType, ContextType, RequireFields<MutationAddPaymentMethodArgs, 'input'>>;
  capturePayment?: Resolver<ResolversTypes['Payment'], ParentType, ContextType, RequireFields<MutationCapturePaymentArgs, 'paymentId'>>;
  refundPayment?: Resolver<ResolversTypes['Payment'], ParentType, ContextType, RequireFields<MutationRefundPaymentArgs, 'paymentId' | 'reason'>>;
  removePaymentMethod?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType, RequireFields<MutationRemovePaymentMethodArgs, 'id'>>;
  setDefaultPaymentMethod?: Resolver<ResolversTypes['PaymentMethod'], ParentType, ContextType, RequireFields<MutationSetDefaultPaymentMethodArgs, 'id'>>;
};

export type OrderResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Order'] = ResolversParentTypes['Order'], FederationReferenceType extends FederationReferenceTypes['Order'] = FederationReferenceTypes['Order']> = {
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Order']> | FederationReferenceType, FederationReferenceType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  payment?: Resolver<Maybe<ResolversTypes['Payment']>, ParentType, ContextType>;
};

export type PaymentResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Payment'] = ResolversParentTypes['Payment'], FederationReferenceType extends FederationReferenceTypes['Payment'] = FederationReferenceTypes['Payment']> = {
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Payment']> | FederationReferenceType, FederationReferenceType, ContextType>;
  amount?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  capturedAmount?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  failureCode?: Resolver<Maybe<ResolversTypes['PaymentFailureCode']>, ParentType, ContextType>;
  failureMessage?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  method?: Resolver<Maybe<ResolversTypes['PaymentMethodSummary']>, ParentType, ContextType>;
  order?: Resolver<Maybe<ResolversTypes['Order']>, ParentType, ContextType>;
  refundedAmount?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  refunds?: Resolver<Array<ResolversTypes['Refund']>, ParentType, ContextType>;
  status?: Resolver<ResolversTypes['PaymentStatus'], ParentType, ContextType>;
  transactions?: Resolver<Array<ResolversTypes['PaymentTransaction']>, ParentType, ContextType>;
  updatedAt?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type PaymentMethodResolvers<ContextType = Context, ParentType extends ResolversParentTypes['PaymentMethod'] = ResolversParentTypes['PaymentMethod'], FederationReferenceType extends FederationReferenceTypes['PaymentMethod'] = FederationReferenceTypes['PaymentMethod']> = {
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['PaymentMethod']> | FederationReferenceType, FederationReferenceType, ContextType>;
  brand?: Resolver<ResolversTypes['CardBrand'], ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  expMonth?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  expYear?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  holderName?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  isDefault?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  last4?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type PaymentMethodSummaryResolvers<ContextType = Context, ParentType extends ResolversParentTypes['PaymentMethodSummary'] = ResolversParentTypes['PaymentMethodSummary']> = {
  brand?: Resolver<ResolversTypes['CardBrand'], ParentType, ContextType>;
  last4?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type PaymentTransactionResolvers<ContextType = Context, ParentType extends ResolversParentTypes['PaymentTransaction'] = ResolversParentTypes['PaymentTransaction']> = {
  amount?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  gatewayReference?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  kind?: Resolver<ResolversTypes['TransactionKind'], ParentType, ContextType>;
  status?: Resolver<ResolversTypes['TransactionStatus'], ParentType, ContextType>;
};

export type QueryResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Query'] = ResolversParentTypes['Query']> = {
  payment?: Resolver<Maybe<ResolversTypes['Payment']>, ParentType, ContextType, RequireFields<QueryPaymentArgs, 'id'>>;
};

export type RefundResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Refund'] = ResolversParentTypes['Refund']> = {
  amount?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  reason?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  status?: Resolver<ResolversTypes['RefundStatus'], ParentType, ContextType>;
};

export type Resolvers<ContextType = Context> = {
  Customer?: CustomerResolvers<ContextType>;
  Money?: MoneyResolvers<ContextType>;
  Mutation?: MutationResolvers<ContextType>;
  Order?: OrderResolvers<ContextType>;
  Payment?: PaymentResolvers<ContextType>;
  PaymentMethod?: PaymentMethodResolvers<ContextType>;
  PaymentMethodSummary?: PaymentMethodSummaryResolvers<ContextType>;
  PaymentTransaction?: PaymentTransactionResolvers<ContextType>;
  Query?: QueryResolvers<ContextType>;
  Refund?: RefundResolvers<ContextType>;
};

