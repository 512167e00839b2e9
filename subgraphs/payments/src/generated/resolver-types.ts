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
