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

export type Address = {
  __typename?: 'Address';
  city: Scalars['String']['output'];
  /** ISO 3166-1 alpha-2. */
  country: Scalars['String']['output'];
  id: Scalars['ID']['output'];
  isDefaultBilling: Scalars['Boolean']['output'];
  isDefaultShipping: Scalars['Boolean']['output'];
  label?: Maybe<Scalars['String']['output']>;
  line1: Scalars['String']['output'];
  line2?: Maybe<Scalars['String']['output']>;
  phone?: Maybe<Scalars['String']['output']>;
  postalCode: Scalars['String']['output'];
  recipient: Scalars['String']['output'];
  region?: Maybe<Scalars['String']['output']>;
};

export type AddressInput = {
  city: Scalars['String']['input'];
  country: Scalars['String']['input'];
  label?: InputMaybe<Scalars['String']['input']>;
  line1: Scalars['String']['input'];
  line2?: InputMaybe<Scalars['String']['input']>;
  phone?: InputMaybe<Scalars['String']['input']>;
  postalCode: Scalars['String']['input'];
  recipient: Scalars['String']['input'];
  region?: InputMaybe<Scalars['String']['input']>;
};

export type AddressUse =
  | 'BILLING'
  | 'SHIPPING';

export type AuthPayload = {
  __typename?: 'AuthPayload';
  /** RS256 JWT for the Authorization header: Bearer <accessToken>. Valid 15 minutes. */
  accessToken: Scalars['String']['output'];
  accessTokenExpiresAt: Scalars['String']['output'];
  customer: Customer;
  /** Opaque; exchange it with refreshToken for a new pair. Each one works once. */
  refreshToken: Scalars['String']['output'];
  refreshTokenExpiresAt: Scalars['String']['output'];
};

/**
 * A person who shops on the platform. Owned by the customers subgraph.
 * Private fields (email, phone, roles, addresses) are visible only to the customer
 * themself and to admins; anyone else gets a FORBIDDEN error on them.
 */
export type Customer = {
  __typename?: 'Customer';
  /** Private. Oldest first. */
  addresses?: Maybe<Array<Address>>;
  /** ISO 8601 UTC. */
  createdAt: Scalars['String']['output'];
  /** Private. */
  defaultBillingAddress?: Maybe<Address>;
  /** Private. */
  defaultShippingAddress?: Maybe<Address>;
  /** Private. */
  email?: Maybe<Scalars['String']['output']>;
  firstName: Scalars['String']['output'];
  id: Scalars['ID']['output'];
  lastName: Scalars['String']['output'];
  /** Private. */
  phone?: Maybe<Scalars['String']['output']>;
  /** Private. */
  roles?: Maybe<Array<Role>>;
  /** ISO 8601 UTC. */
  updatedAt: Scalars['String']['output'];
};

export type CustomerConnection = {
  __typename?: 'CustomerConnection';
  edges: Array<CustomerEdge>;
  pageInfo: PageInfo;
  totalCount: Scalars['Int']['output'];
};

export type CustomerEdge = {
  __typename?: 'CustomerEdge';
  cursor: Scalars['String']['output'];
  node: Customer;
};

export type LoginInput = {
  email: Scalars['String']['input'];
  password: Scalars['String']['input'];
};

export type Mutation = {
  __typename?: 'Mutation';
  /** The first address becomes the default for shipping and billing. */
  addAddress: Address;
  /** Ends every session of the customer. */
  changePassword: Scalars['Boolean']['output'];
  /** Admin only. */
  grantRole: Customer;
  login: AuthPayload;
  /** Ends the session family of this refresh token. */
  logout: Scalars['Boolean']['output'];
  /** Rotates the refresh token. Presenting a used one again signs out its whole session family. */
  refreshToken: AuthPayload;
  register: AuthPayload;
  removeAddress: Scalars['Boolean']['output'];
  /** Admin only. CUSTOMER cannot be revoked, nor an admin's own ADMIN role. */
  revokeRole: Customer;
  setDefaultAddress: Customer;
  updateAddress: Address;
  updateProfile: Customer;
};


export type MutationAddAddressArgs = {
  input: AddressInput;
  setDefaultBilling?: InputMaybe<Scalars['Boolean']['input']>;
  setDefaultShipping?: InputMaybe<Scalars['Boolean']['input']>;
};


export type MutationChangePasswordArgs = {
  currentPassword: Scalars['String']['input'];
  newPassword: Scalars['String']['input'];
};


export type MutationGrantRoleArgs = {
  customerId: Scalars['ID']['input'];
  role: Role;
};


export type MutationLoginArgs = {
  input: LoginInput;
};


export type MutationLogoutArgs = {
  refreshToken: Scalars['String']['input'];
};


export type MutationRefreshTokenArgs = {
  refreshToken: Scalars['String']['input'];
};


export type MutationRegisterArgs = {
  input: RegisterInput;
};


export type MutationRemoveAddressArgs = {
  id: Scalars['ID']['input'];
};


export type MutationRevokeRoleArgs = {
  customerId: Scalars['ID']['input'];
  role: Role;
};


export type MutationSetDefaultAddressArgs = {
  id: Scalars['ID']['input'];
  use: AddressUse;
};


export type MutationUpdateAddressArgs = {
  id: Scalars['ID']['input'];
  input: UpdateAddressInput;
};


export type MutationUpdateProfileArgs = {
  input: UpdateProfileInput;
};

export type PageInfo = {
  __typename?: 'PageInfo';
  endCursor?: Maybe<Scalars['String']['output']>;
  hasNextPage: Scalars['Boolean']['output'];
};

export type Query = {
  __typename?: 'Query';
  /** Admin only. */
  customer?: Maybe<Customer>;
  /** Admin only. In registration order; search matches email and names. */
  customers: CustomerConnection;
  /** The signed-in customer; null when anonymous. */
  me?: Maybe<Customer>;
};


export type QueryCustomerArgs = {
  id: Scalars['ID']['input'];
};


export type QueryCustomersArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  search?: InputMaybe<Scalars['String']['input']>;
};

export type RegisterInput = {
  email: Scalars['String']['input'];
  firstName: Scalars['String']['input'];
  lastName: Scalars['String']['input'];
  /** At least 10 characters. */
  password: Scalars['String']['input'];
  phone?: InputMaybe<Scalars['String']['input']>;
};

export type Role =
  | 'ADMIN'
  | 'CUSTOMER';

export type UpdateAddressInput = {
  city?: InputMaybe<Scalars['String']['input']>;
  country?: InputMaybe<Scalars['String']['input']>;
  label?: InputMaybe<Scalars['String']['input']>;
  line1?: InputMaybe<Scalars['String']['input']>;
  line2?: InputMaybe<Scalars['String']['input']>;
  phone?: InputMaybe<Scalars['String']['input']>;
  postalCode?: InputMaybe<Scalars['String']['input']>;
  recipient?: InputMaybe<Scalars['String']['input']>;
  region?: InputMaybe<Scalars['String']['input']>;
};

export type UpdateProfileInput = {
  firstName?: InputMaybe<Scalars['String']['input']>;
  lastName?: InputMaybe<Scalars['String']['input']>;
  phone?: InputMaybe<Scalars['String']['input']>;
};
