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

export type Category = {
  __typename?: 'Category';
  /** From the root down to this category. */
  breadcrumbs: Array<Category>;
  /** By name. */
  children: Array<Category>;
  id: Scalars['ID']['output'];
  name: Scalars['String']['output'];
  parent?: Maybe<Category>;
  slug: Scalars['String']['output'];
};

export type CategoryInput = {
  name: Scalars['String']['input'];
  parentId?: InputMaybe<Scalars['ID']['input']>;
  slug: Scalars['String']['input'];
};

export type CreateProductInput = {
  attributes?: InputMaybe<Array<NameValueInput>>;
  brand?: InputMaybe<Scalars['String']['input']>;
  categoryId?: InputMaybe<Scalars['ID']['input']>;
  description?: InputMaybe<Scalars['String']['input']>;
  media?: InputMaybe<Array<MediaInput>>;
  name: Scalars['String']['input'];
  slug: Scalars['String']['input'];
  status?: InputMaybe<ProductStatus>;
  tags?: InputMaybe<Array<Scalars['String']['input']>>;
  variants?: InputMaybe<Array<VariantInput>>;
};

export type Customer = {
  __typename?: 'Customer';
  id: Scalars['ID']['output'];
};

export type Media = {
  __typename?: 'Media';
  altText?: Maybe<Scalars['String']['output']>;
  kind: MediaKind;
  url: Scalars['String']['output'];
};

export type MediaInput = {
  altText?: InputMaybe<Scalars['String']['input']>;
  kind?: InputMaybe<MediaKind>;
  url: Scalars['String']['input'];
};

export type MediaKind =
  | 'DOCUMENT'
  | 'IMAGE'
  | 'VIDEO';

/** An exact amount of money: decimal and minor-unit strings, never a float (docs/architecture.md#ids-and-money). */
export type Money = {
  __typename?: 'Money';
  /** Decimal amount, e.g. "19.99". */
  amount: Scalars['String']['output'];
  /** ISO 4217, e.g. "EUR". */
  currencyCode: Scalars['String']['output'];
  /** Integer minor units as a string, e.g. "1999". */
  minorUnits: Scalars['String']['output'];
};

export type MoneyInput = {
  /** Decimal amount in the currency's units, e.g. "19.99". */
  amount: Scalars['String']['input'];
  /** ISO 4217; must be the store currency. */
  currencyCode: Scalars['String']['input'];
};

export type Mutation = {
  __typename?: 'Mutation';
  addVariant: ProductVariant;
  archiveProduct: Product;
  createCategory: Category;
  /** Admin only, like every catalog mutation. */
  createProduct: Product;
  /** Refused while it has children or products. */
  deleteCategory: Scalars['Boolean']['output'];
  deleteProduct: Scalars['Boolean']['output'];
  removeVariant: Scalars['Boolean']['output'];
  updateCategory: Category;
  /** Up to 1000 updates per call; malformed input rejects the whole batch. */
  updatePrices: UpdatePricesResult;
  updateProduct: Product;
  updateVariant: ProductVariant;
};


export type MutationAddVariantArgs = {
  input: VariantInput;
  productId: Scalars['ID']['input'];
};


export type MutationArchiveProductArgs = {
  id: Scalars['ID']['input'];
};


export type MutationCreateCategoryArgs = {
  input: CategoryInput;
};


export type MutationCreateProductArgs = {
  input: CreateProductInput;
};


export type MutationDeleteCategoryArgs = {
  id: Scalars['ID']['input'];
};


export type MutationDeleteProductArgs = {
  id: Scalars['ID']['input'];
};


export type MutationRemoveVariantArgs = {
  id: Scalars['ID']['input'];
};


export type MutationUpdateCategoryArgs = {
  id: Scalars['ID']['input'];
  input: UpdateCategoryInput;
};


export type MutationUpdatePricesArgs = {
  updates: Array<PriceUpdateInput>;
};


export type MutationUpdateProductArgs = {
  id: Scalars['ID']['input'];
  input: UpdateProductInput;
};


export type MutationUpdateVariantArgs = {
  id: Scalars['ID']['input'];
  input: UpdateVariantInput;
};

/** A name/value pair: a product specification or a variant option (size, colour, …). */
export type NameValue = {
  __typename?: 'NameValue';
  name: Scalars['String']['output'];
  value: Scalars['String']['output'];
};

export type NameValueInput = {
  name: Scalars['String']['input'];
  value: Scalars['String']['input'];
};

export type PageInfo = {
  __typename?: 'PageInfo';
  endCursor?: Maybe<Scalars['String']['output']>;
  hasNextPage: Scalars['Boolean']['output'];
};

export type PriceRange = {
  __typename?: 'PriceRange';
  max: Money;
  min: Money;
};

export type PriceUpdateInput = {
  /** Omit to keep the current one; null clears it. */
  compareAtPrice?: InputMaybe<MoneyInput>;
  price: MoneyInput;
  sku: Scalars['String']['input'];
};

/** Something the store sells. Owned by the catalog subgraph. Customers see ACTIVE products only. */
export type Product = {
  __typename?: 'Product';
  /** Specifications that differ per product type. */
  attributes: Array<NameValue>;
  brand?: Maybe<Scalars['String']['output']>;
  category?: Maybe<Category>;
  /** ISO 8601 UTC. */
  createdAt: Scalars['String']['output'];
  /** The admin who created the product. */
  createdBy?: Maybe<Customer>;
  description: Scalars['String']['output'];
  id: Scalars['ID']['output'];
  media: Array<Media>;
  name: Scalars['String']['output'];
  /** Lowest and highest variant price; null without variants. */
  priceRange?: Maybe<PriceRange>;
  /** Unique, URL-safe name used in storefront links. */
  slug: Scalars['String']['output'];
  status: ProductStatus;
  tags: Array<Scalars['String']['output']>;
  /** ISO 8601 UTC. */
  updatedAt: Scalars['String']['output'];
  variants: Array<ProductVariant>;
};

export type ProductConnection = {
  __typename?: 'ProductConnection';
  edges: Array<ProductEdge>;
  pageInfo: PageInfo;
  totalCount: Scalars['Int']['output'];
};

export type ProductEdge = {
  __typename?: 'ProductEdge';
  cursor: Scalars['String']['output'];
  node: Product;
};

export type ProductFilter = {
  brand?: InputMaybe<Scalars['String']['input']>;
  /** A category and all its descendants. */
  categoryId?: InputMaybe<Scalars['ID']['input']>;
  categorySlug?: InputMaybe<Scalars['String']['input']>;
  /** Products with a variant priced at or below this decimal amount (store currency). */
  maxPrice?: InputMaybe<Scalars['String']['input']>;
  /** Products with a variant priced at or above this decimal amount (store currency). */
  minPrice?: InputMaybe<Scalars['String']['input']>;
  /** Admins only; everyone else sees ACTIVE products. */
  status?: InputMaybe<Array<ProductStatus>>;
  /** Products carrying all of these tags. */
  tags?: InputMaybe<Array<Scalars['String']['input']>>;
};

export type ProductSort =
  | 'NAME_ASC'
  | 'NEWEST'
  | 'PRICE_ASC'
  | 'PRICE_DESC';

export type ProductStatus =
  | 'ACTIVE'
  | 'ARCHIVED'
  | 'DRAFT';

/** One purchasable version of a product (a size, a colour). */
export type ProductVariant = {
  __typename?: 'ProductVariant';
  /** The former price shown struck through; always higher than price. */
  compareAtPrice?: Maybe<Money>;
  id: Scalars['ID']['output'];
  options: Array<NameValue>;
  price: Money;
  product: Product;
  sku: Scalars['String']['output'];
  /** The option values joined, e.g. "Blue / L"; the SKU when there are none. */
  title: Scalars['String']['output'];
  weightGrams?: Maybe<Scalars['Int']['output']>;
};

export type Query = {
  __typename?: 'Query';
  /** The root categories; descend through children. */
  categories: Array<Category>;
  category?: Maybe<Category>;
  /** By id or slug (exactly one). */
  product?: Maybe<Product>;
  products: ProductConnection;
};


export type QueryCategoryArgs = {
  slug: Scalars['String']['input'];
};


export type QueryProductArgs = {
  id?: InputMaybe<Scalars['ID']['input']>;
  slug?: InputMaybe<Scalars['String']['input']>;
};


export type QueryProductsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<ProductFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
  sort?: InputMaybe<ProductSort>;
};

export type UpdateCategoryInput = {
  name?: InputMaybe<Scalars['String']['input']>;
  /** Moves the category (null: to the root). */
  parentId?: InputMaybe<Scalars['ID']['input']>;
  slug?: InputMaybe<Scalars['String']['input']>;
};

export type UpdatePricesResult = {
  __typename?: 'UpdatePricesResult';
  /** SKUs no product has; everything else was applied. */
  notFound: Array<Scalars['String']['output']>;
  /** Variants already at the given price. */
  unchanged: Scalars['Int']['output'];
  /** Variants whose price changed. */
  updated: Scalars['Int']['output'];
  /** The SKUs (as stored, upper case) whose price changed: one per update counted in updated. */
  updatedSkus: Array<Scalars['String']['output']>;
};

export type UpdateProductInput = {
  attributes?: InputMaybe<Array<NameValueInput>>;
  brand?: InputMaybe<Scalars['String']['input']>;
  categoryId?: InputMaybe<Scalars['ID']['input']>;
  description?: InputMaybe<Scalars['String']['input']>;
  media?: InputMaybe<Array<MediaInput>>;
  name?: InputMaybe<Scalars['String']['input']>;
  slug?: InputMaybe<Scalars['String']['input']>;
  status?: InputMaybe<ProductStatus>;
  tags?: InputMaybe<Array<Scalars['String']['input']>>;
};

export type UpdateVariantInput = {
  /** null clears it. */
  compareAtPrice?: InputMaybe<MoneyInput>;
  options?: InputMaybe<Array<NameValueInput>>;
  price?: InputMaybe<MoneyInput>;
  sku?: InputMaybe<Scalars['String']['input']>;
  weightGrams?: InputMaybe<Scalars['Int']['input']>;
};

export type VariantInput = {
  compareAtPrice?: InputMaybe<MoneyInput>;
  options?: InputMaybe<Array<NameValueInput>>;
  price: MoneyInput;
  sku: Scalars['String']['input'];
  weightGrams?: InputMaybe<Scalars['Int']['input']>;
};
