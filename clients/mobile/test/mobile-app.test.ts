// The mobile app's story against the running platform (every subgraph, the saga, the router
// with the mobile client held to its manifest), all through the mobile client.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import WebSocket from 'ws';
import { unique } from '@commerce/testkit';
import { ADDRESS, CARDS, checkout } from '../../../router/test/checkout-support.ts';
import { startStack, type Stack } from '../../../router/test/stack.ts';
import {
  AddToCartDocument,
  BrowseProductsDocument,
  MyCartDocument,
  OrderDetailDocument,
  OrderHistoryDocument,
  OperationError,
  PlaceOrderDocument,
  ProductDetailDocument,
  RemoveFromCartDocument,
  SaveCardDocument,
  SavedPaymentMethodsDocument,
  TrackOrderDocument,
  UpdateCartLineDocument,
  createMemorySessionStore,
  createMobileClient,
  type MobileClient,
  type SessionStore,
  type TrackOrderSubscription,
} from '../src/index.ts';

/** Everything the app put on the wire, to prove it never sent operation text. */
const wire: { http: string[]; socket: string[] } = { http: [], socket: [] };
const recordingFetch: typeof fetch = async (input, init) => {
  wire.http.push(`${init?.method ?? 'GET'} ${String(input)} ${typeof init?.body === 'string' ? init.body : ''}`);
  return fetch(input, init);
};
class RecordingWebSocket extends WebSocket {
  override send(data: unknown, ...rest: unknown[]): void {
    wire.socket.push(String(data));
    (super.send as (...args: unknown[]) => void)(data, ...rest);
  }
}

describe('the mobile app, through its client, against the router', () => {
  let stack: Stack;
  let co: ReturnType<typeof checkout>;
  const apps: MobileClient[] = [];
  const app = (store: SessionStore = createMemorySessionStore()) => {
    const client = createMobileClient({ url: stack.url, fetch: recordingFetch, webSocketImpl: RecordingWebSocket, store, clientVersion: '1.0.0-test' });
    apps.push(client);
    return client;
  };

  /** Tokenizes the test card against the gateway's sandbox (its SDK's job) and saves it through the API. */
  const saveCard = async (mobile: MobileClient, holderName: string) => {
    const tokenized = await fetch(stack.saga!.urls.payments.replace('/graphql', '/sandbox-gateway/tokens'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ number: CARDS.approve, expMonth: 12, expYear: 2035, cvc: '123', holderName }),
    });
    const { token } = (await tokenized.json()) as { token: string };
    return (await mobile.mutate(SaveCardDocument, { input: { token, setDefault: true } })).addPaymentMethod;
  };

  before(async () => {
    stack = await startStack({ saga: { carrierStepMs: 300 } });
    co = checkout(stack);
  });
  after(async () => {
    await Promise.all(apps.map((a) => a.dispose()));
    await co.retireWarehouse();
    await stack.close();
  });

  test('a shopper signs in, browses, fills the cart, checks out with the test card and follows the order to DELIVERED live', async () => {
    // The catalog as an admin set it up (the admin portal's job, not the app's).
    const brand = unique('Brand-');
    const item = await co.stockedProduct('12.50', 10);
    await co.ok('mutation ($id: ID!, $i: UpdateProductInput!) { updateProduct(id: $id, input: $i) { id } }', { id: item.productId, i: { brand } }, await co.admin());

    // Signs up on one install, signs in on another.
    const email = `${unique()}@example.com`;
    await app().signUp({ email, password: 'a-long-password', firstName: 'Mia', lastName: 'Mobile' });
    const store = createMemorySessionStore();
    const mobile = app(store);
    const customer = await mobile.signIn({ email, password: 'a-long-password' });
    assert.equal(customer.firstName, 'Mia');

    const browsed = await mobile.query(BrowseProductsDocument, { filter: { brand }, first: 5 });
    assert.deepEqual(browsed.products.edges.map((e) => e.node.id), [item.productId]);
    assert.deepEqual(browsed.products.edges[0]!.node.priceRange?.min, { amount: '12.50', minorUnits: '1250', currencyCode: 'EUR' });
    const detail = await mobile.query(ProductDetailDocument, { id: item.productId });
    const variant = detail.product!.variants[0]!;
    assert.equal(variant.id, item.variantId);
    assert.equal(variant.inStock, true);

    // Orders hears of the variant over catalog.events; until then the cart answers NOT_FOUND.
    for (let attempt = 0; ; attempt++) {
      try {
        await mobile.mutate(AddToCartDocument, { variantId: variant.id, quantity: 1 });
        break;
      } catch (err) {
        if (!(err instanceof OperationError) || !err.codes.includes('NOT_FOUND') || attempt > 100) throw err;
        await sleep(150);
      }
    }
    assert.equal((await mobile.mutate(UpdateCartLineDocument, { variantId: variant.id, quantity: 3 })).updateCartLine.itemCount, 3);
    assert.equal((await mobile.mutate(RemoveFromCartDocument, { variantId: variant.id })).removeFromCart.itemCount, 0);
    await mobile.mutate(AddToCartDocument, { variantId: variant.id, quantity: 2 });
    const cart = (await mobile.query(MyCartDocument)).myCart!;
    assert.deepEqual([cart.itemCount, cart.subtotal.amount], [2, '25.00']);

    const card = await saveCard(mobile, 'Mia Mobile');
    assert.deepEqual([card.brand, card.last4], ['VISA', '4242']);
    const saved = (await mobile.query(SavedPaymentMethodsDocument)).me!.paymentMethods!;
    assert.deepEqual(saved.map((m) => m.id), [card.id]);

    // Checkout: a retry with the same idempotency key is the same order.
    const input = { address: ADDRESS, paymentMethodId: card.id, idempotencyKey: randomUUID() };
    const placed = (await mobile.mutate(PlaceOrderDocument, { input })).placeOrder;
    assert.equal((await mobile.mutate(PlaceOrderDocument, { input })).placeOrder.id, placed.id);
    assert.deepEqual([placed.status, placed.total.amount], ['PENDING', '29.95']);

    const updates: TrackOrderSubscription['orderUpdated'][] = [];
    let failure: unknown;
    const stop = mobile.subscribe(TrackOrderDocument, { orderId: placed.id }, {
      next: (payload) => {
        if (payload.errors) failure = payload.errors;
        if (payload.data) updates.push(payload.data.orderUpdated);
      },
      error: (error) => void (failure = error),
    });
    for (const deadline = Date.now() + 60_000; !updates.some((o) => o.status === 'DELIVERED') && failure === undefined && Date.now() < deadline; ) await sleep(100);
    stop();
    assert.equal(failure, undefined, JSON.stringify(failure));
    const statuses = updates.map((o) => o.status).filter((s, i, all) => s !== all[i - 1]);
    assert.deepEqual(statuses.slice(-3), ['CONFIRMED', 'SHIPPED', 'DELIVERED'], JSON.stringify(statuses));
    const delivered = updates.at(-1)!;
    assert.deepEqual(delivered.payment, { status: 'CAPTURED', method: { brand: 'VISA', last4: '4242' } });
    assert.equal(delivered.shipments?.[0]?.status, 'DELIVERED');

    const history = (await mobile.query(OrderHistoryDocument, { first: 5 })).me!.orders!;
    assert.deepEqual(history.edges.map((e) => [e.node.id, e.node.status]), [[placed.id, 'DELIVERED']]);
    assert.equal((await mobile.query(OrderDetailDocument, { id: placed.id })).order!.status, 'DELIVERED');

    // Nothing the app sent carried operation text: ids only, queries by GET.
    const sentHttp = wire.http.filter((line) => line.includes(stack.url));
    assert.ok(sentHttp.length > 10);
    for (const line of sentHttp) {
      assert.doesNotMatch(line, /"query"|[?&]query=/, line);
      assert.match(line, /persistedQuery/, line);
    }
    assert.ok(sentHttp.filter((line) => line.includes('BrowseProducts')).every((line) => line.startsWith('GET ')));
    assert.ok(sentHttp.filter((line) => line.includes('PlaceOrder')).every((line) => line.startsWith('POST ')));
    const subscribes = wire.socket.map((m) => JSON.parse(m) as { type: string; payload?: { query?: string; extensions?: unknown } }).filter((m) => m.type === 'subscribe');
    assert.ok(subscribes.length >= 1);
    for (const message of subscribes) assert.equal(message.payload?.query, '');
  });

  test('an access token past its expiry is refreshed before the request, rotating the refresh token; the used one no longer works', async () => {
    const email = `${unique()}@example.com`;
    const store = createMemorySessionStore();
    const mobile = app(store);
    await mobile.signUp({ email, password: 'a-long-password', firstName: 'Rui', lastName: 'Rotate' });
    const first = (await store.load())!;
    // As if the app came back after the token's 15 minutes.
    await store.save({ ...first, accessTokenExpiresAt: new Date(Date.now() - 1000).toISOString() });
    const cart = await mobile.query(MyCartDocument);
    assert.notEqual(cart.myCart, null, 'signed in, with the refreshed token');
    const second = (await store.load())!;
    assert.notEqual(second.accessToken, first.accessToken);
    assert.notEqual(second.refreshToken, first.refreshToken);

    // A token the router refuses (401) is refreshed once and the request retried.
    await store.save({ ...second, accessToken: `${second.accessToken}x` });
    assert.notEqual((await mobile.query(MyCartDocument)).myCart, null);
    assert.notEqual((await store.load())!.refreshToken, second.refreshToken);

    // The first refresh token was used: presenting it again signs that session family out.
    const replay = app(createMemorySessionStore({ ...first, accessTokenExpiresAt: new Date(0).toISOString() }));
    assert.equal((await replay.query(MyCartDocument)).myCart, null, 'the replayed refresh is refused and the app is signed out');
  });

  test('a live order whose socket the router closes for an expired token (4403) reconnects with a refreshed one and goes on', async () => {
    const store = createMemorySessionStore();
    const mobile = app(store);
    const customer = await mobile.signUp({ email: `${unique()}@example.com`, password: 'a-long-password', firstName: 'Eli', lastName: 'Expiry' });
    const card = await saveCard(mobile, 'Eli Expiry');
    const item = await co.stockedProduct('5.00', 5);
    const signedIn = (await store.load())!;
    const orderId = await co.placeOrder({ id: customer.id, headers: { authorization: `Bearer ${signedIn.accessToken}` }, paymentMethodId: card.id }, item.variantId, 1);

    // An access token that ends three seconds from now, which the phone believes good for an
    // hour (its clock is off): only the router's 4403 tells the app.
    const sid = (JSON.parse(Buffer.from(signedIn.accessToken.split('.')[1]!, 'base64url').toString()) as { sid: string }).sid;
    const issued = await stack.signAccessToken({ id: customer.id, roles: ['CUSTOMER'], sessionId: sid });
    const lifetimeMs = issued.expiresAt.getTime() - Date.now();
    const shortLived = await stack.signAccessToken({ id: customer.id, roles: ['CUSTOMER'], sessionId: sid }, new Date(Date.now() - lifetimeMs + 3_000));
    await store.save({ ...signedIn, accessToken: shortLived.token, accessTokenExpiresAt: new Date(Date.now() + 3_600_000).toISOString() });

    const inits = () =>
      wire.socket.map((m) => JSON.parse(m) as { type: string; payload?: { authorization?: string } }).filter((m) => m.type === 'connection_init').map((m) => m.payload?.authorization);
    const initsBefore = inits().length;
    const received: TrackOrderSubscription['orderUpdated'][] = [];
    let failure: unknown;
    const stop = mobile.subscribe(TrackOrderDocument, { orderId }, {
      next: (payload) => {
        if (payload.errors) failure = payload.errors;
        if (payload.data) received.push(payload.data.orderUpdated);
      },
      error: (error) => void (failure = error),
    });
    try {
      for (const deadline = Date.now() + 5_000; received.length === 0 && failure === undefined && Date.now() < deadline; ) await sleep(50);
      assert.equal(received[0]?.id, orderId, 'the current order first');
      // Past the expiry the router closes the socket; the app reconnects with a refreshed token,
      // resubscribes, and the current order is pushed again.
      const firstCount = received.length;
      for (const deadline = Date.now() + 20_000; (inits().length < initsBefore + 2 || received.length <= firstCount) && failure === undefined && Date.now() < deadline; ) await sleep(100);
      assert.equal(failure, undefined, JSON.stringify(failure));
      const [first, second] = inits().slice(initsBefore);
      assert.equal(first, `Bearer ${shortLived.token}`);
      const refreshed = (await store.load())!;
      assert.notEqual(refreshed.accessToken, shortLived.token, 'refreshed after the 4403');
      assert.equal(second, `Bearer ${refreshed.accessToken}`);
      assert.ok(received.length > firstCount, 'the subscription goes on after the reconnect');
      assert.equal(received.at(-1)!.id, orderId);
    } finally {
      stop();
    }
  });
});
