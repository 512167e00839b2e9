// Helpers for the checkout tests: shoppers with cards, stocked products, orders and waiting.
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { errorCodes, gql, unique, type GraphQLResponse } from '@commerce/testkit';

export const CARDS = {
  approve: '4242424242424242',
  insufficientFunds: '4000000000009995',
  transient: '4000000000000119',
} as const;

export const ADDRESS = { recipient: 'Ada Lovelace', line1: '1 Keizersgracht', city: 'Amsterdam', postalCode: '1015 CJ', country: 'NL' };
const eur = (amount: string) => ({ amount, currencyCode: 'EUR' });

export interface Shopper {
  id: string;
  headers: Record<string, string>;
  paymentMethodId: string;
}

/** What the helpers need of a running platform: the in-process Stack, or supervised processes. */
export interface CheckoutTarget {
  url: string;
  admin: { email: string; password: string };
  saga?: { urls: { payments: string } } | undefined;
}

export function checkout(stack: CheckoutTarget) {
  const call = (query: string, variables?: Record<string, unknown>, headers: Record<string, string> = {}) =>
    gql(stack.url, query, variables, headers);
  async function ok(query: string, variables: Record<string, unknown>, headers: Record<string, string>) {
    const response = await call(query, variables, headers);
    assert.equal(response.errors, undefined, JSON.stringify(response.errors));
    return response.data!;
  }
  let adminHeaders: Record<string, string> | undefined;
  let warehouseId: string | undefined;
  async function admin() {
    if (!adminHeaders) {
      const data = await ok('mutation ($i: LoginInput!) { login(input: $i) { accessToken } }', { i: { email: stack.admin.email, password: stack.admin.password } }, {});
      adminHeaders = { authorization: `Bearer ${data.login.accessToken}` };
    }
    return adminHeaders;
  }

  /** Polls until `read` returns something `done` accepts; fails with the last value seen. */
  async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, what: string, ms = 30_000): Promise<T> {
    let last: T = await read();
    for (const deadline = Date.now() + ms; !done(last) && Date.now() < deadline; ) {
      await sleep(150);
      last = await read();
    }
    assert.ok(done(last), `${what}: last seen ${JSON.stringify(last)}`);
    return last;
  }

  return {
    call,
    ok,
    admin,
    eventually,

    async shopper(card: string = CARDS.approve): Promise<Shopper> {
      const registered = await ok('mutation ($i: RegisterInput!) { register(input: $i) { accessToken customer { id } } }', {
        i: { email: `${unique()}@example.com`, password: 'a-long-password', firstName: 'Grace', lastName: 'Shopper' },
      }, {});
      const headers = { authorization: `Bearer ${registered.register.accessToken}` };
      const tokenized = await fetch(stack.saga!.urls.payments.replace('/graphql', '/sandbox-gateway/tokens'), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ number: card, expMonth: 12, expYear: 2035, cvc: '123', holderName: 'Grace Shopper' }),
      });
      assert.equal(tokenized.status, 201);
      const { token } = (await tokenized.json()) as { token: string };
      const method = await ok('mutation ($i: AddPaymentMethodInput!) { addPaymentMethod(input: $i) { id } }', { i: { token, setDefault: true } }, headers);
      return { id: registered.register.customer.id, headers, paymentMethodId: method.addPaymentMethod.id };
    },

    /** An active product with one variant holding `onHand` units in this helper's warehouse. */
    async stockedProduct(price: string, onHand: number) {
      const headers = await admin();
      warehouseId ??= (await ok('mutation ($i: CreateWarehouseInput!) { createWarehouse(input: $i) { id } }', { i: { code: unique('W-'), name: 'Test' } }, headers)).createWarehouse.id as string;
      const product = await ok(
        'mutation ($i: CreateProductInput!) { createProduct(input: $i) { id variants { id sku } } }',
        { i: { slug: unique('p-'), name: 'Checkout mug', status: 'ACTIVE', variants: [{ sku: unique('CO-'), price: eur(price), weightGrams: 400 }] } },
        headers,
      );
      const variantId: string = product.createProduct.variants[0].id;
      await ok('mutation ($i: SetStockInput!) { setStock(input: $i) { available } }', { i: { variantId, warehouseId, onHand, reason: 'test stock' } }, headers);
      return { productId: product.createProduct.id as string, variantId, warehouseId };
    },

    /**
     * Switches this helper's warehouse off (call it before closing the stack): the database
     * outlives the test, and an active warehouse gets a zero stock row for every later variant.
     */
    async retireWarehouse(): Promise<void> {
      if (!warehouseId) return;
      await ok('mutation ($id: ID!) { setWarehouseActive(id: $id, active: false) { id } }', { id: warehouseId }, await admin());
      warehouseId = undefined;
    },

    /** Adds to the cart once orders has heard of the variant (catalog.events). */
    async addToCart(shopper: Shopper, variantId: string, quantity: number): Promise<void> {
      await eventually(
        () => call('mutation ($v: ID!, $q: Int) { addToCart(variantId: $v, quantity: $q) { itemCount } }', { v: variantId, q: quantity }, shopper.headers),
        (response: GraphQLResponse) => errorCodes(response).length === 0,
        'adding to the cart once the catalog event reached orders',
      );
    },

    /** Adds to the cart and places the order (to ADDRESS, STANDARD, unless told). */
    async placeOrder(
      shopper: Shopper,
      variantId: string,
      quantity: number,
      shipTo: { address?: typeof ADDRESS; shippingService?: 'STANDARD' | 'EXPRESS' } = {},
    ): Promise<string> {
      await this.addToCart(shopper, variantId, quantity);
      const placed = await ok(
        'mutation ($i: PlaceOrderInput!) { placeOrder(input: $i) { id status } }',
        { i: { address: ADDRESS, ...shipTo, paymentMethodId: shopper.paymentMethodId, idempotencyKey: unique('k-') } },
        shopper.headers,
      );
      assert.equal(placed.placeOrder.status, 'PENDING');
      return placed.placeOrder.id;
    },

    async statusOf(orderId: string, headers: Record<string, string>): Promise<string> {
      return (await ok('query ($id: ID!) { order(id: $id) { status } }', { id: orderId }, headers)).order.status;
    },

    waitForStatus(orderId: string, status: string, headers: Record<string, string>) {
      return eventually(() => this.statusOf(orderId, headers), (s) => s === status, `order ${orderId} to reach ${status}`);
    },

    /** Stock of the product's (single) variant, as an admin sees it through the router. */
    async stock(item: { productId: string }) {
      const data = await ok('query ($id: ID) { product(id: $id) { variants { stock { available onHand reserved } } } }', { id: item.productId }, await admin());
      return data.product.variants[0].stock as { available: number; onHand: number; reserved: number };
    },
  };
}
