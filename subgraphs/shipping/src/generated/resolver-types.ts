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
