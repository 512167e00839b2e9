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

/**
 * The same input as the customers subgraph's saved addresses, so a saved address can be sent
 * as it is; label is ignored here.
 */
export type AddressInput = {
  city: Scalars['String']['input'];
  /** ISO 3166-1 alpha-2. */
  country: Scalars['String']['input'];
  label?: InputMaybe<Scalars['String']['input']>;
  line1: Scalars['String']['input'];
  line2?: InputMaybe<Scalars['String']['input']>;
  phone?: InputMaybe<Scalars['String']['input']>;
  postalCode: Scalars['String']['input'];
  recipient: Scalars['String']['input'];
  region?: InputMaybe<Scalars['String']['input']>;
};

/**
 * A signed-in customer's cart. Prices are never stored in it: every line shows the catalog's
 * current price (from the orders subgraph's copy of the catalog), and placeOrder charges exactly that.
 */
export type Cart = {
  __typename?: 'Cart';
  id: Scalars['ID']['output'];
  /** Units over the available lines. */
  itemCount: Scalars['Int']['output'];
  /** Oldest first. */
  lines: Array<CartLine>;
  /** Of the available lines. */
  subtotal: Money;
  /** ISO 8601 UTC. */
  updatedAt: Scalars['String']['output'];
};

export type CartLine = {
  __typename?: 'CartLine';
  /** False once the catalog stopped selling the variant: remove the line to place the order. */
  available: Scalars['Boolean']['output'];
  lineTotal: Money;
  name: Scalars['String']['output'];
  /** 1 to 100. */
  quantity: Scalars['Int']['output'];
  sku: Scalars['String']['output'];
  /** The current price. */
  unitPrice: Money;
  /** Resolved by the catalog subgraph; null, with an error, when that fails (sku and name are this subgraph's own copy). */
  variant?: Maybe<ProductVariant>;
};

export type Customer = {
  __typename?: 'Customer';
  /** Private. Always a cart, empty until something is added. */
  cart?: Maybe<Cart>;
  id: Scalars['ID']['output'];
  /** Private. Newest first. first: 0 to 100. */
  orders?: Maybe<OrderConnection>;
};


export type CustomerOrdersArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  status?: InputMaybe<OrderStatus>;
};

export type Money = {
  __typename?: 'Money';
  amount: Scalars['String']['output'];
  currencyCode: Scalars['String']['output'];
  minorUnits: Scalars['String']['output'];
};

export type Mutation = {
  __typename?: 'Mutation';
  /** Adds units to the signed-in customer's cart (merged with the line already there). quantity 1 to 100; NOT_FOUND for a variant the catalog does not sell; CONFLICT past 100 units per line or 50 lines. */
  addToCart: Cart;
  /** The customer who placed it, before it ships, or an admin. CONFLICT once shipped, delivered or cancelled. */
  cancelOrder: Order;
  clearCart: Cart;
  /**
   * Places an order from the signed-in customer's cart at the current prices and empties the
   * cart, shipping to a new address or a saved one (see PlaceOrderInput). BAD_USER_INPUT for an
   * empty cart, CONFLICT while it holds a variant the catalog no longer sells. Shipping costs what
   * shippingQuote shows for the cart's lines, address and service (Order.shippingTotal); when no
   * carrier can take the parcel (heavier than one shipment may weigh, or no carrier for that
   * service in that country) the answer is BAD_USER_INPUT saying why, and nothing is placed.
   */
  placeOrder: Order;
  /** Removing a line that is not there changes nothing. */
  removeFromCart: Cart;
  /** Sets a line's quantity, 0 to 100; 0 removes the line. NOT_FOUND when the variant is not in the cart. */
  updateCartLine: Cart;
};


export type MutationAddToCartArgs = {
  quantity?: Scalars['Int']['input'];
  variantId: Scalars['ID']['input'];
};


export type MutationCancelOrderArgs = {
  id: Scalars['ID']['input'];
  reason?: InputMaybe<Scalars['String']['input']>;
};


export type MutationPlaceOrderArgs = {
  input: PlaceOrderInput;
};


export type MutationRemoveFromCartArgs = {
  variantId: Scalars['ID']['input'];
};


export type MutationUpdateCartLineArgs = {
  quantity: Scalars['Int']['input'];
  variantId: Scalars['ID']['input'];
};

/**
 * An order placed from a cart. Owned by the orders subgraph. Only the customer who placed it
 * and admins may read it: every field but id answers anyone else with FORBIDDEN (UNAUTHENTICATED
 * when anonymous), which makes the whole order null for them.
 */
export type Order = {
  __typename?: 'Order';
  /** Resolved by the customers subgraph (beyond its id); null, with an error, when that fails. */
  customer?: Maybe<Customer>;
  id: Scalars['ID']['output'];
  /** As they were when the order was placed. */
  lines: Array<OrderLine>;
  /** Human-friendly and unique, e.g. CM-00000042. */
  number: Scalars['String']['output'];
  /** The payment method the order is charged to (payments checks that it is the customer's). */
  paymentMethodId: Scalars['ID']['output'];
  /** ISO 8601 UTC. */
  placedAt: Scalars['String']['output'];
  shippingAddress: OrderAddress;
  shippingService: ShippingService;
  /**
   * What shipping costs, fixed when the order was placed: the cheapest rate shippingQuote lists
   * for the order's shippingService, destination country and the weight of its lines (a unit the
   * catalog gives no weight counts as 500 g). STANDARD is free from a subtotal of 50.00 (the
   * store's SHIPPING_FREE_STANDARD_FROM); EXPRESS always costs its rate.
   */
  shippingTotal: Money;
  status: OrderStatus;
  /** Every status the order went through, oldest first; the first entry is the placement (from null). */
  statusHistory: Array<OrderStatusChange>;
  subtotal: Money;
  /** subtotal + shippingTotal: what the payment authorizes. */
  total: Money;
  /** ISO 8601 UTC. */
  updatedAt: Scalars['String']['output'];
  /** How many status changes the order has gone through: 1 after placement, one more with each entry of statusHistory. */
  version: Scalars['Int']['output'];
};

export type OrderAddress = {
  __typename?: 'OrderAddress';
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

export type OrderConnection = {
  __typename?: 'OrderConnection';
  edges: Array<OrderEdge>;
  pageInfo: PageInfo;
  totalCount: Scalars['Int']['output'];
};

export type OrderEdge = {
  __typename?: 'OrderEdge';
  cursor: Scalars['String']['output'];
  node: Order;
};

export type OrderFilter = {
  customerId?: InputMaybe<Scalars['ID']['input']>;
  /** ISO 8601 date-time with an offset: only orders placed at or after it. BAD_USER_INPUT when malformed. */
  placedAfter?: InputMaybe<Scalars['String']['input']>;
  /** ISO 8601 date-time with an offset: only orders placed before it. BAD_USER_INPUT when malformed or earlier than placedAfter. */
  placedBefore?: InputMaybe<Scalars['String']['input']>;
  status?: InputMaybe<OrderStatus>;
};

export type OrderLine = {
  __typename?: 'OrderLine';
  lineTotal: Money;
  name: Scalars['String']['output'];
  productId: Scalars['ID']['output'];
  quantity: Scalars['Int']['output'];
  sku: Scalars['String']['output'];
  unitPrice: Money;
  /** Resolved by the catalog subgraph; null, with an error, when that fails (sku and name are as ordered). */
  variant?: Maybe<ProductVariant>;
};

export type OrderStatus =
  /** Stock reserved; waiting for the payment to be authorized. */
  | 'AWAITING_PAYMENT'
  /** Out of stock, payment declined, unpaid too long (EXPIRED), or cancelled by the customer or an admin. */
  | 'CANCELLED'
  /** Paid (authorized); waiting for the shipment to leave. */
  | 'CONFIRMED'
  | 'DELIVERED'
  /** Placed; waiting for the stock to be reserved. */
  | 'PENDING'
  | 'SHIPPED';

export type OrderStatusChange = {
  __typename?: 'OrderStatusChange';
  /** ISO 8601 UTC. */
  at: Scalars['String']['output'];
  /** Null for the placement. */
  from?: Maybe<OrderStatus>;
  /** PLACED, STOCK_RESERVED, PAYMENT_AUTHORIZED, SHIPMENT_IN_TRANSIT, SHIPMENT_DELIVERED, OUT_OF_STOCK, PAYMENT_DECLINED: <code>, EXPIRED, or the reason given when cancelling. */
  reason: Scalars['String']['output'];
  to: OrderStatus;
};

export type PageInfo = {
  __typename?: 'PageInfo';
  endCursor?: Maybe<Scalars['String']['output']>;
  hasNextPage: Scalars['Boolean']['output'];
};

/**
 * Where to ship: exactly one of address and shippingAddressId (both, or neither, is
 * BAD_USER_INPUT). Either way the order keeps its own copy of the address, so later changes to
 * a saved address do not change orders already placed.
 */
export type PlaceOrderInput = {
  /** A new address to ship to. Leave it out when sending shippingAddressId. */
  address?: InputMaybe<AddressInput>;
  /** Chosen by the client (a UUID works well): repeating placeOrder with the same key returns the same order and places nothing. */
  idempotencyKey: Scalars['String']['input'];
  /** One of the customer's payment methods (payments subgraph); an unknown one cancels the order with PAYMENT_DECLINED: PAYMENT_METHOD_NOT_FOUND. */
  paymentMethodId: Scalars['ID']['input'];
  /**
   * The id of one of the signed-in customer's saved addresses (Customer.addresses), instead of
   * address. NOT_FOUND for an id that is unknown, removed or another customer's. An address
   * saved a moment ago can take a few seconds to become usable here: retry shortly.
   */
  shippingAddressId?: InputMaybe<Scalars['ID']['input']>;
  /**
   * The order is charged the cheapest rate shippingQuote lists for this service to the address
   * (see Order.shippingTotal); BAD_USER_INPUT when no carrier offers it there.
   */
  shippingService?: InputMaybe<ShippingService>;
};

export type ProductVariant = {
  __typename?: 'ProductVariant';
  id: Scalars['ID']['output'];
};

export type Query = {
  __typename?: 'Query';
  /** The signed-in customer's cart; null when anonymous. */
  myCart?: Maybe<Cart>;
  /**
   * The customer who placed it or an admin; NOT_FOUND for an unknown id. With a version, the
   * order as it stood right after that status change: its status, updatedAt, statusHistory and
   * version then (the rest does not change with the status). A version past the current one answers the
   * current order; BAD_USER_INPUT below 1.
   */
  order?: Maybe<Order>;
  /** Admin only. Newest first. first: 0 to 100. */
  orders: OrderConnection;
};


export type QueryOrderArgs = {
  id: Scalars['ID']['input'];
  version?: InputMaybe<Scalars['Int']['input']>;
};


export type QueryOrdersArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<OrderFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
};

export type ShippingService =
  | 'EXPRESS'
  | 'STANDARD';

export type Subscription = {
  __typename?: 'Subscription';
  /**
   * Each of the signed-in customer's orders at every status change, from placement on. Every
   * payload carries extensions.cursor.
   */
  myOrderUpdates: Order;
  /**
   * Admin only. Every order at every status change; with status, only the changes into one of
   * those statuses. Every payload carries extensions.cursor.
   */
  orderFeed: Order;
  /**
   * The order as it changes: each status change once and in order, and its payment and
   * shipments as they change. The current order is pushed first. The customer who placed it or
   * an admin; NOT_FOUND for an unknown order. Every payload carries extensions.cursor.
   */
  orderUpdated: Order;
};


export type SubscriptionMyOrderUpdatesArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
};


export type SubscriptionOrderFeedArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  status?: InputMaybe<Array<OrderStatus>>;
};


export type SubscriptionOrderUpdatedArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  orderId: Scalars['ID']['input'];
};
