import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { DataSource } from 'typeorm';
import { OrderPlaced, ProductDeleted, ShipmentRequested, matchEvent, newEvent, type EventEnvelope } from '@commerce/events';
import type { SubgraphServer } from '@commerce/service-kit';
import { RATE_CARD, type RateCard } from '@commerce/shipping-rates';
import { assertWithinBudget, createTestIssuer, errorCodes, gql, testLogger, unique, type TestIssuer } from '@commerce/testkit';
import type { Deps } from '../src/context.ts';
import { createDeps } from '../src/deps.ts';
import { createCatalogEventHandler, createSagaEventHandler } from '../src/events/consumers.ts';
import { createServer } from '../src/server.ts';
import { orderNumberOf } from '../src/store/order-store.ts';
import {
  connect,
  depsFor,
  discardOutbox,
  footprint,
  newCustomerId,
  newPaymentMethodId,
  orderState,
  outboxTypes,
  paymentAuthorized,
  priceChanged,
  productCreated,
  statusChangeVersions,
  stockReserved,
  testVariant,
  type TestVariant,
} from './support.ts';

const CART = `id updatedAt itemCount subtotal { amount minorUnits currencyCode }
  lines { variant { id } sku name unitPrice { amount currencyCode } quantity lineTotal { amount } available }`;
const ORDER = `id number status customer { id }
  subtotal { amount minorUnits currencyCode } shippingTotal { amount } total { amount }
  lines { variant { id } productId sku name unitPrice { amount currencyCode } quantity lineTotal { amount } }
  shippingAddress { recipient line1 line2 city region postalCode country phone } shippingService
  statusHistory { from to reason at } placedAt updatedAt paymentMethodId`;

const ADDRESS = { recipient: 'Ada Lovelace', line1: '12 St James Sq', city: 'London', postalCode: 'SW1Y 4JH', country: 'gb' };

interface Shopper {
  id: string;
  headers: Record<string, string>;
}

describe('orders subgraph over GraphQL', () => {
  const logger = testLogger('orders-graphql');
  let issuer: TestIssuer;
  let dataSource: DataSource;
  let deps: Deps;
  let server: SubgraphServer;
  let url: string;
  let queries: string[] = [];
  let admin: Shopper;
  const orderIds: string[] = [];

  async function shopper(roles: ('CUSTOMER' | 'ADMIN')[] = ['CUSTOMER']): Promise<Shopper> {
    const id = newCustomerId();
    return { id, headers: { authorization: await issuer.bearer({ id, roles }) } };
  }

  /** Announces variants to the read model through the catalog handler, as the consumer would. */
  async function announce(variants: TestVariant[], options: Parameters<typeof productCreated>[1] = {}): Promise<EventEnvelope> {
    const event = productCreated(variants, options);
    await createCatalogEventHandler(deps)(event);
    return event;
  }

  const call = (who: Shopper | undefined, query: string, variables?: Record<string, unknown>) =>
    gql(url, query, variables, who?.headers ?? {});

  const addToCart = (who: Shopper | undefined, variantId: string, quantity: number) =>
    call(who, `mutation ($v: ID!, $q: Int!) { addToCart(variantId: $v, quantity: $q) { ${CART} } }`, { v: variantId, q: quantity });

  async function placeOrder(who: Shopper | undefined, input: Record<string, unknown> = {}) {
    const response = await call(who, `mutation ($input: PlaceOrderInput!) { placeOrder(input: $input) { ${ORDER} } }`, {
      input: { address: ADDRESS, paymentMethodId: newPaymentMethodId(), idempotencyKey: unique('key-'), ...input },
    });
    const id = response.data?.placeOrder?.id;
    if (id) orderIds.push(id);
    return response;
  }

  /** A shopper with one order placed from a cart of the given variants (one unit each unless told). */
  async function withOrder(items: { variant: TestVariant; quantity?: number }[], who?: Shopper) {
    const customer = who ?? (await shopper());
    for (const { variant, quantity } of items) assert.equal((await addToCart(customer, variant.variantId, quantity ?? 1)).errors, undefined);
    const response = await placeOrder(customer);
    assert.equal(response.errors, undefined, JSON.stringify(response.errors));
    return { customer, order: response.data?.placeOrder };
  }

  const cancel = (who: Shopper | undefined, id: string, reason?: string) =>
    call(who, `mutation ($id: ID!, $reason: String) { cancelOrder(id: $id, reason: $reason) { id status statusHistory { from to reason } } }`, {
      id,
      reason,
    });

  before(async () => {
    issuer = await createTestIssuer();
    dataSource = await connect(logger, { onQuery: (sql) => queries.push(sql) });
    deps = depsFor(dataSource, logger, issuer.verifyToken);
    server = await createServer(deps);
    url = `http://127.0.0.1:${await server.listen(0, '127.0.0.1')}/graphql`;
    admin = await shopper(['CUSTOMER', 'ADMIN']);
  });

  after(async () => {
    await server.close();
    await discardOutbox(dataSource, orderIds);
    await dataSource.destroy();
  });

  test('the cart shows read-model names and prices: add merges, update sets, 0 and remove delete, clear empties', async () => {
    const [shirt, socks] = [testVariant(1999, 250), testVariant(450)];
    await announce([shirt, socks]);
    const alice = await shopper();

    await addToCart(alice, shirt.variantId, 2);
    await addToCart(alice, socks.variantId, 1);
    const merged = await addToCart(alice, shirt.variantId, 3);
    assert.equal(merged.errors, undefined);
    const cart = merged.data?.addToCart;
    assert.match(cart.id, /^crt_[0-9A-Z]{26}$/);
    assert.deepEqual(cart.lines, [
      {
        variant: { id: shirt.variantId },
        sku: shirt.sku,
        name: shirt.name,
        unitPrice: { amount: '19.99', currencyCode: 'EUR' },
        quantity: 5,
        lineTotal: { amount: '99.95' },
        available: true,
      },
      {
        variant: { id: socks.variantId },
        sku: socks.sku,
        name: socks.name,
        unitPrice: { amount: '4.50', currencyCode: 'EUR' },
        quantity: 1,
        lineTotal: { amount: '4.50' },
        available: true,
      },
    ]);
    assert.deepEqual(cart.subtotal, { amount: '104.45', minorUnits: '10445', currencyCode: 'EUR' });
    assert.equal(cart.itemCount, 6);

    const updated = await call(alice, `mutation ($v: ID!) { updateCartLine(variantId: $v, quantity: 4) { ${CART} } }`, { v: socks.variantId });
    assert.deepEqual(
      updated.data?.updateCartLine.lines.map((l: any) => [l.sku, l.quantity]),
      [
        [shirt.sku, 5],
        [socks.sku, 4],
      ],
    );
    const zeroed = await call(alice, `mutation ($v: ID!) { updateCartLine(variantId: $v, quantity: 0) { ${CART} } }`, { v: shirt.variantId });
    assert.deepEqual(zeroed.data?.updateCartLine.lines.map((l: any) => l.sku), [socks.sku]);
    assert.equal(zeroed.data?.updateCartLine.itemCount, 4);
    const removed = await call(alice, `mutation ($v: ID!) { removeFromCart(variantId: $v) { ${CART} } }`, { v: socks.variantId });
    assert.deepEqual(removed.data?.removeFromCart.lines, []);
    assert.deepEqual(removed.data?.removeFromCart.subtotal, { amount: '0.00', minorUnits: '0', currencyCode: 'EUR' });
    const again = await call(alice, `mutation ($v: ID!) { removeFromCart(variantId: $v) { id lines { sku } } }`, { v: socks.variantId });
    assert.deepEqual(again.data?.removeFromCart, { id: cart.id, lines: [] }, 'removing twice is harmless');

    await addToCart(alice, socks.variantId, 2);
    const cleared = await call(alice, `mutation { clearCart { id itemCount lines { sku } } }`);
    assert.deepEqual(cleared.data?.clearCart, { id: cart.id, itemCount: 0, lines: [] });

    // One cart per customer: myCart and Customer.cart are the same one.
    await addToCart(alice, shirt.variantId, 1);
    const mine = await call(alice, `query { myCart { id itemCount } }`);
    assert.deepEqual(mine.data?.myCart, { id: cart.id, itemCount: 1 });
    const viaEntity = await call(
      alice,
      `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Customer { id cart { id itemCount } } } }`,
      { r: [{ __typename: 'Customer', id: alice.id }] },
    );
    assert.deepEqual(viaEntity.data?._entities, [{ id: alice.id, cart: { id: cart.id, itemCount: 1 } }]);
  });

  test('a customer without a cart gets an empty one with a stable id; anonymous callers have none', async () => {
    const bob = await shopper();
    const first = await call(bob, `query { myCart { id itemCount lines { sku } subtotal { amount } } }`);
    assert.equal(first.errors, undefined);
    assert.deepEqual({ ...first.data?.myCart, id: undefined }, { id: undefined, itemCount: 0, lines: [], subtotal: { amount: '0.00' } });
    const second = await call(bob, `query { myCart { id } }`);
    assert.equal(second.data?.myCart.id, first.data?.myCart.id);
    assert.deepEqual((await call(undefined, `query { myCart { id } }`)).data, { myCart: null });
  });

  test('the cart refuses unknown variants, bad quantities, more than 100 units a line or 50 lines, and writes nothing', async () => {
    const alice = await shopper();
    const [known, draft] = [testVariant(100), testVariant(100)];
    await announce([known]);
    await announce([draft], { status: 'DRAFT' });

    // The store sells in EUR only: a variant the catalog prices in another currency cannot be added.
    const dollars = testVariant(100);
    const priced = productCreated([dollars]);
    priced.data.variants[0]!.price = { amount: 100, currency: 'USD' };
    await createCatalogEventHandler(deps)(priced);

    for (const variantId of [testVariant(100).variantId, draft.variantId, dollars.variantId]) {
      const refused = await addToCart(alice, variantId, 1);
      assert.deepEqual(errorCodes(refused), ['NOT_FOUND']);
      assert.match(refused.errors![0]!.message, /unknown or unavailable variant/i);
    }
    for (const quantity of [0, 101, -3]) {
      const refused = await addToCart(alice, known.variantId, quantity);
      assert.deepEqual(errorCodes(refused), ['BAD_USER_INPUT'], `quantity ${quantity}`);
      assert.deepEqual((refused.errors![0]!.extensions!.fields as { field: string }[]).map((f) => f.field), ['quantity']);
    }
    assert.deepEqual(errorCodes(await addToCart(alice, 'not-an-id', 1)), ['BAD_USER_INPUT']);
    const notInCart = await call(alice, `mutation ($v: ID!) { updateCartLine(variantId: $v, quantity: 2) { id } }`, { v: known.variantId });
    assert.deepEqual(errorCodes(notInCart), ['NOT_FOUND']);
    assert.equal((await footprint(dataSource, alice.id)).cartLines, 0);

    assert.equal((await addToCart(alice, known.variantId, 60)).errors, undefined);
    const tooMany = await addToCart(alice, known.variantId, 41);
    assert.deepEqual(errorCodes(tooMany), ['CONFLICT']);
    assert.match(tooMany.errors![0]!.message, /at most 100 per item/);
    const mine = await call(alice, `query { myCart { lines { quantity } } }`);
    assert.deepEqual(mine.data?.myCart.lines, [{ quantity: 60 }]);
    assert.deepEqual((await addToCart(alice, known.variantId, 40)).data?.addToCart.lines.map((l: any) => l.quantity), [100]);
    assert.deepEqual(errorCodes(await addToCart(alice, known.variantId, 1)), ['CONFLICT']);

    const many = Array.from({ length: 50 }, () => testVariant(10));
    await announce(many);
    for (const variant of many.slice(0, 49)) assert.equal((await addToCart(alice, variant.variantId, 1)).errors, undefined);
    const fifty = await call(alice, `query { myCart { itemCount lines { sku } } }`);
    assert.equal(fifty.data?.myCart.lines.length, 50);
    const fiftyFirst = await addToCart(alice, many[49]!.variantId, 1);
    assert.deepEqual(errorCodes(fiftyFirst), ['CONFLICT']);
    assert.match(fiftyFirst.errors![0]!.message, /at most 50 different items/);
    assert.equal((await footprint(dataSource, alice.id)).cartLines, 50);
    const grown = await addToCart(alice, many[0]!.variantId, 2);
    assert.equal(grown.errors, undefined, 'a line already in a full cart can still grow');
    assert.equal(grown.data?.addToCart.lines.find((l: any) => l.variant.id === many[0]!.variantId).quantity, 3);

    for (const operation of [
      `mutation ($v: ID!) { addToCart(variantId: $v, quantity: 1) { id } }`,
      `mutation ($v: ID!) { updateCartLine(variantId: $v, quantity: 1) { id } }`,
      `mutation ($v: ID!) { removeFromCart(variantId: $v) { id } }`,
    ]) {
      assert.deepEqual(errorCodes(await call(undefined, operation, { v: known.variantId })), ['UNAUTHENTICATED'], operation);
    }
    assert.deepEqual(errorCodes(await call(undefined, `mutation { clearCart { id } }`)), ['UNAUTHENTICATED']);
  });

  test('a checkout costs at most one SQL statement per addToCart, four for placeOrder and four per saga step', async () => {
    const [variant, other] = [testVariant(1000, 400), testVariant(250)];
    await announce([variant, other]);
    const alice = await shopper();
    const statementsOf = async <T>(work: () => Promise<T>): Promise<[T, number]> => {
      queries = [];
      const result = await work();
      return [result, queries.length];
    };

    // A new cart, a second line, then more units of the first line.
    const [first, creating] = await statementsOf(() => addToCart(alice, variant.variantId, 1));
    assert.equal(first.errors, undefined);
    const [, adding] = await statementsOf(() => addToCart(alice, other.variantId, 1));
    const [third, merging] = await statementsOf(() => addToCart(alice, variant.variantId, 2));
    assert.deepEqual(
      third.data?.addToCart.lines.map((l: any) => [l.sku, l.quantity, l.lineTotal.amount]),
      [
        [variant.sku, 3, '30.00'],
        [other.sku, 1, '2.50'],
      ],
    );
    assert.equal(third.data?.addToCart.id, first.data?.addToCart.id);
    for (const [what, count] of [['creating a cart', creating], ['adding a line', adding], ['merging into a line', merging]] as const) {
      assertWithinBudget(count, 1, `addToCart ${what}: one statement, no transaction`);
    }

    const [placed, placing] = await statementsOf(() =>
      call(alice, `mutation ($input: PlaceOrderInput!) { placeOrder(input: $input) { id number total { minorUnits } } }`, {
        input: { address: ADDRESS, paymentMethodId: newPaymentMethodId(), idempotencyKey: unique('key-') },
      }),
    );
    assert.equal(placed.errors, undefined, JSON.stringify(placed.errors));
    const order = placed.data?.placeOrder;
    orderIds.push(order.id);
    assert.match(order.number, /^CM-\d{8,}$/);
    assertWithinBudget(placing, 4, 'placeOrder: begin, lock the cart and read it, the writes, commit');

    const handle = createSagaEventHandler(deps);
    const [, reserving] = await statementsOf(() => handle(stockReserved(order.id)));
    const [, confirming] = await statementsOf(() => handle(paymentAuthorized(order.id, alice.id, Number(order.total.minorUnits))));
    assertWithinBudget(reserving, 4, 'a saga step (reserved): begin, inbox and order lock with its lines, the writes, commit');
    assertWithinBudget(confirming, 4, 'a saga step (confirmed): begin, inbox and order lock with its lines, the writes, commit');
    assert.equal((await orderState(dataSource, order.id)).status, 'CONFIRMED');
    assert.deepEqual(await outboxTypes(dataSource, order.id), [
      'OrderPlaced',
      'OrderStatusChanged',
      'PaymentRequested',
      'OrderStatusChanged',
      'OrderConfirmed',
      'ShipmentRequested',
      'OrderStatusChanged',
    ]);
    const [shipment] = await dataSource.query(
      `select envelope from outbox where message_key = $1 and envelope->>'eventType' = 'ShipmentRequested'`,
      [order.id],
    );
    assert.deepEqual(matchEvent(ShipmentRequested, shipment.envelope)!.data.lines, [
      { variantId: variant.variantId, sku: variant.sku, quantity: 3, weightGrams: 400 },
      { variantId: other.variantId, sku: other.sku, quantity: 1, weightGrams: null },
    ]);
  });

  test('order numbers are CM- and the sequence value, zero-padded to eight digits', async () => {
    const rows = await dataSource.query(`select ${orderNumberOf('v')} as number from unnest($1::bigint[]) as v`, [[1, 12345678, 123456789]]);
    assert.deepEqual(
      rows.map((row: { number: string }) => row.number),
      ['CM-00000001', 'CM-12345678', 'CM-123456789'],
    );
  });

  test('placeOrder snapshots the cart at read-model prices, adds shipping, empties the cart and enqueues OrderPlaced', async () => {
    const [shirt, socks] = [testVariant(1999, 250), testVariant(450)];
    const product = await announce([shirt, socks]);
    const alice = await shopper();
    await addToCart(alice, shirt.variantId, 2);
    await addToCart(alice, socks.variantId, 1);
    const paymentMethodId = newPaymentMethodId();

    const placed = await placeOrder(alice, { paymentMethodId, address: { ...ADDRESS, line2: ' Flat 3 ', label: 'Home' } });
    assert.equal(placed.errors, undefined);
    const order = placed.data?.placeOrder;
    assert.match(order.id, /^ord_[0-9A-Z]{26}$/);
    assert.match(order.number, /^CM-\d{8,}$/);
    assert.deepEqual(
      { ...order, id: undefined, number: undefined, placedAt: undefined, updatedAt: undefined, statusHistory: undefined },
      {
        id: undefined,
        number: undefined,
        placedAt: undefined,
        updatedAt: undefined,
        statusHistory: undefined,
        status: 'PENDING',
        customer: { id: alice.id },
        subtotal: { amount: '44.48', minorUnits: '4448', currencyCode: 'EUR' },
        // 1 kg (the socks have no weight: 500 g) to GB: PostNL's rest-of-the-world STANDARD rate.
        shippingTotal: { amount: '24.95' },
        total: { amount: '69.43' },
        lines: [
          {
            variant: { id: shirt.variantId },
            productId: product.aggregateId,
            sku: shirt.sku,
            name: shirt.name,
            unitPrice: { amount: '19.99', currencyCode: 'EUR' },
            quantity: 2,
            lineTotal: { amount: '39.98' },
          },
          {
            variant: { id: socks.variantId },
            productId: product.aggregateId,
            sku: socks.sku,
            name: socks.name,
            unitPrice: { amount: '4.50', currencyCode: 'EUR' },
            quantity: 1,
            lineTotal: { amount: '4.50' },
          },
        ],
        shippingAddress: {
          recipient: 'Ada Lovelace',
          line1: '12 St James Sq',
          line2: 'Flat 3',
          city: 'London',
          region: null,
          postalCode: 'SW1Y 4JH',
          country: 'GB',
          phone: null,
        },
        shippingService: 'STANDARD',
        paymentMethodId,
      },
    );
    assert.deepEqual(
      order.statusHistory.map((h: any) => ({ ...h, at: undefined })),
      [{ from: null, to: 'PENDING', reason: 'PLACED', at: undefined }],
    );
    assert.equal(order.placedAt, order.statusHistory[0].at);

    assert.deepEqual((await call(alice, `query { myCart { itemCount lines { sku } } }`)).data?.myCart, { itemCount: 0, lines: [] });
    assert.deepEqual(await outboxTypes(dataSource, order.id), ['OrderPlaced', 'OrderStatusChanged']);
    const [row] = await dataSource.query(`select envelope from outbox where message_key = $1 and envelope->>'eventType' = 'OrderPlaced'`, [
      order.id,
    ]);
    const event = matchEvent(OrderPlaced, row.envelope)!;
    assert.equal(event.aggregateId, order.id);
    assert.deepEqual(event.data.lines[0], {
      productId: product.aggregateId,
      variantId: shirt.variantId,
      sku: shirt.sku,
      name: shirt.name,
      quantity: 2,
      unitPrice: { amount: 1999, currency: 'EUR' },
      weightGrams: 250,
    });
    assert.deepEqual(event.data.total, { amount: 6943, currency: 'EUR' });
    assert.equal(event.data.paymentMethodId, paymentMethodId);

    // A later price change shows in carts but never in a placed order.
    await createCatalogEventHandler(deps)(priceChanged(product.aggregateId, shirt, 2500));
    await addToCart(alice, shirt.variantId, 1);
    assert.deepEqual((await call(alice, `query { myCart { subtotal { amount } } }`)).data?.myCart, { subtotal: { amount: '25.00' } });
    const reread = await call(alice, `query ($id: ID!) { order(id: $id) { lines { unitPrice { amount } } total { amount } } }`, { id: order.id });
    assert.deepEqual(reread.data?.order, { lines: [{ unitPrice: { amount: '19.99' } }, { unitPrice: { amount: '4.50' } }], total: { amount: '69.43' } });
  });

  test('shipping costs the cheapest rate shipping quotes for the address, weight and service; STANDARD is free from 50.00', async () => {
    const [mug, lamp] = [testVariant(1250, 400), testVariant(2500, 2600)];
    await announce([mug, lamp]);
    const shipped = async (items: { variant: TestVariant; quantity: number }[], input: Record<string, unknown>) => {
      const customer = await shopper();
      for (const { variant, quantity } of items) assert.equal((await addToCart(customer, variant.variantId, quantity)).errors, undefined);
      const response = await placeOrder(customer, input);
      assert.equal(response.errors, undefined, JSON.stringify(response.errors));
      const order = response.data?.placeOrder;
      return [order.shippingService, order.subtotal.amount, order.shippingTotal.amount, order.total.amount];
    };
    const NL = { ...ADDRESS, city: 'Amsterdam', postalCode: '1015 CJ', country: 'NL' };
    const DE = { ...ADDRESS, city: 'Berlin', postalCode: '10117', country: 'DE' };

    // 2 mugs, 800 g: PostNL's domestic rates; DHL's EU STANDARD and UPS's EU EXPRESS rates.
    const twoMugs = [{ variant: mug, quantity: 2 }];
    assert.deepEqual(await shipped(twoMugs, { address: NL }), ['STANDARD', '25.00', '4.95', '29.95']);
    assert.deepEqual(await shipped(twoMugs, { address: NL, shippingService: 'EXPRESS' }), ['EXPRESS', '25.00', '8.95', '33.95']);
    assert.deepEqual(await shipped(twoMugs, { address: DE }), ['STANDARD', '25.00', '9.95', '34.95']);
    assert.deepEqual(await shipped(twoMugs, { address: DE, shippingService: 'EXPRESS' }), ['EXPRESS', '25.00', '22.95', '47.95']);
    // A mug and a lamp weigh 3 kg: the 2-5 kg band, which costs more.
    const heavier = [{ variant: mug, quantity: 1 }, { variant: lamp, quantity: 1 }];
    assert.deepEqual(await shipped(heavier, { address: NL, shippingService: 'EXPRESS' }), ['EXPRESS', '37.50', '10.95', '48.45']);
    assert.deepEqual(await shipped(heavier, { address: DE }), ['STANDARD', '37.50', '13.95', '51.45']);

    // From a 50.00 subtotal STANDARD ships free, at home and abroad; EXPRESS still costs its rate.
    const twoLamps = [{ variant: lamp, quantity: 2 }];
    assert.deepEqual(await shipped(twoLamps, { address: NL }), ['STANDARD', '50.00', '0.00', '50.00']);
    assert.deepEqual(await shipped(twoLamps, { address: DE }), ['STANDARD', '50.00', '0.00', '50.00']);
    assert.deepEqual(await shipped(twoLamps, { address: DE, shippingService: 'EXPRESS' }), ['EXPRESS', '50.00', '41.95', '91.95']);
  });

  test('a cart heavier than one shipment may weigh is refused with BAD_USER_INPUT, and nothing is written', async () => {
    const anvil = testVariant(900, 20_000);
    await announce([anvil]);
    const alice = await shopper();
    assert.equal((await addToCart(alice, anvil.variantId, 51)).errors, undefined);
    const before = await footprint(dataSource, alice.id);
    assert.deepEqual(before, { orders: 0, lines: 0, history: 0, events: 0, cartLines: 1 });

    for (const shippingService of ['STANDARD', 'EXPRESS']) {
      const refused = await placeOrder(alice, { shippingService, address: { ...ADDRESS, country: 'NL' } });
      assert.deepEqual(errorCodes(refused), ['BAD_USER_INPUT'], shippingService);
      assert.equal(refused.data, null);
      assert.equal(
        refused.errors![0]!.message,
        'This order cannot be shipped: The lines weigh 1020 kg together; one shipment may weigh at most 1000 kg. Remove some items (or lower their quantities) and place the order again.',
      );
    }
    assert.deepEqual(await footprint(dataSource, alice.id), before, 'no order, no events, the cart intact');
    const cart = (await call(alice, `query { myCart { itemCount } }`)).data?.myCart;
    assert.deepEqual(cart, { itemCount: 51 });

    // Lighter, the same cart ships.
    assert.equal((await call(alice, `mutation ($v: ID!) { updateCartLine(variantId: $v, quantity: 50) { itemCount } }`, { v: anvil.variantId })).errors, undefined);
    const placed = await placeOrder(alice, { address: { ...ADDRESS, country: 'NL' } });
    assert.equal(placed.errors, undefined, JSON.stringify(placed.errors));
    // At exactly the maximum it ships; STANDARD is free from 50.00 however heavy the parcel.
    assert.deepEqual([placed.data?.placeOrder.subtotal.amount, placed.data?.placeOrder.shippingTotal.amount], ['450.00', '0.00']);
  });

  test('orders will not start with a rate card in another currency than the store’s, or an inconsistent one', () => {
    const verifyToken = issuer.verifyToken;
    assert.throws(() => createDeps({ dataSource, logger, verifyToken, currency: 'USD' }), /the store currency is USD but the rate card prices in EUR/);
    const dollars: RateCard = { ...RATE_CARD, currency: 'USD' };
    assert.equal(createDeps({ dataSource, logger, verifyToken, currency: 'USD', rateCard: dollars }).currency, 'USD');
    assert.throws(
      () => createDeps({ dataSource, logger, verifyToken, rateCard: { ...RATE_CARD, weightBandsGrams: [5000, 2000, 10_000, 20_000, 31_500] } }),
      /unusable shipping rates:\n {2}weight bands are not ascending/,
    );
  });

  test('placeOrder with a used idempotency key returns the first order and places nothing, also for 5 concurrent calls', async () => {
    const variant = testVariant(1000);
    await announce([variant]);
    const alice = await shopper();
    await addToCart(alice, variant.variantId, 1);
    const idempotencyKey = unique('checkout-');
    const first = (await placeOrder(alice, { idempotencyKey })).data?.placeOrder;
    await addToCart(alice, variant.variantId, 3);
    const repeated = await placeOrder(alice, { idempotencyKey });
    assert.equal(repeated.errors, undefined);
    assert.equal(repeated.data?.placeOrder.id, first.id);
    assert.deepEqual(repeated.data?.placeOrder.lines.map((l: any) => l.quantity), [1]);
    assert.deepEqual(await footprint(dataSource, alice.id), { orders: 1, lines: 1, history: 1, events: 2, cartLines: 1 });

    // Another customer may use the same key for an order of their own.
    const bob = await shopper();
    await addToCart(bob, variant.variantId, 1);
    const bobs = (await placeOrder(bob, { idempotencyKey })).data?.placeOrder;
    assert.notEqual(bobs.id, first.id);

    const carol = await shopper();
    await addToCart(carol, variant.variantId, 2);
    const key = unique('concurrent-');
    const responses = await Promise.all(Array.from({ length: 5 }, () => placeOrder(carol, { idempotencyKey: key })));
    for (const response of responses) assert.equal(response.errors, undefined, JSON.stringify(response.errors));
    const ids = new Set(responses.map((response) => response.data?.placeOrder.id));
    assert.equal(ids.size, 1, 'all five calls return the same order');
    assert.deepEqual(await footprint(dataSource, carol.id), { orders: 1, lines: 1, history: 1, events: 2, cartLines: 0 });
  });

  test('placeOrder refuses an empty cart, bad input and unavailable variants, and writes nothing', async () => {
    const alice = await shopper();
    const empty = await placeOrder(alice);
    assert.deepEqual(errorCodes(empty), ['BAD_USER_INPUT']);
    assert.match(empty.errors![0]!.message, /cart is empty/);

    const [kept, dropped] = [testVariant(500), testVariant(700)];
    const product = await announce([kept]);
    const gone = await announce([dropped]);
    await addToCart(alice, kept.variantId, 1);
    await addToCart(alice, dropped.variantId, 1);
    const before = await footprint(dataSource, alice.id);

    const badAddress = await placeOrder(alice, { address: { ...ADDRESS, country: 'Great Britain', postalCode: '' } });
    assert.deepEqual(errorCodes(badAddress), ['BAD_USER_INPUT']);
    assert.deepEqual(
      [...new Set((badAddress.errors![0]!.extensions!.fields as { field: string }[]).map((f) => f.field))].sort(),
      ['address.country', 'address.postalCode'],
    );
    const badMethod = await placeOrder(alice, { paymentMethodId: 'card-4242' });
    assert.deepEqual(errorCodes(badMethod), ['BAD_USER_INPUT']);
    const badKey = await placeOrder(alice, { idempotencyKey: 'has spaces in it' });
    assert.deepEqual(errorCodes(badKey), ['BAD_USER_INPUT']);
    const noAddress = await call(alice, `mutation ($input: PlaceOrderInput!) { placeOrder(input: $input) { id } }`, {
      input: { paymentMethodId: newPaymentMethodId(), idempotencyKey: unique() },
    });
    assert.deepEqual(errorCodes(noAddress), ['BAD_USER_INPUT']);
    assert.deepEqual(errorCodes(await placeOrder(undefined)), ['UNAUTHENTICATED']);

    await createCatalogEventHandler(deps)(
      newEvent(ProductDeleted, {
        aggregateId: gone.aggregateId,
        data: { productId: gone.aggregateId, variantIds: [dropped.variantId], deletedAt: new Date().toISOString() },
      }),
    );
    const cart = (await call(alice, `query { myCart { itemCount subtotal { amount } lines { sku available } } }`)).data?.myCart;
    assert.deepEqual(cart, {
      itemCount: 1,
      subtotal: { amount: '5.00' },
      lines: [
        { sku: kept.sku, available: true },
        { sku: dropped.sku, available: false },
      ],
    });
    const unavailable = await placeOrder(alice);
    assert.deepEqual(errorCodes(unavailable), ['CONFLICT']);
    assert.match(unavailable.errors![0]!.message, new RegExp(`No longer available: ${dropped.sku}\\. Remove it`));
    assert.deepEqual(await footprint(dataSource, alice.id), before);
    assert.ok(product.aggregateId);
  });

  test('an order is for its customer and admins only: others FORBIDDEN, anonymous UNAUTHENTICATED, unknown NOT_FOUND', async () => {
    const variant = testVariant(1200);
    await announce([variant]);
    const { customer: alice, order } = await withOrder([{ variant }]);
    const bob = await shopper();
    const query = `query ($id: ID!) { order(id: $id) { id number status paymentMethodId } }`;

    assert.deepEqual((await call(alice, query, { id: order.id })).data?.order, {
      id: order.id,
      number: order.number,
      status: 'PENDING',
      paymentMethodId: order.paymentMethodId,
    });
    assert.equal((await call(admin, query, { id: order.id })).data?.order.number, order.number);
    const forbidden = await call(bob, query, { id: order.id });
    assert.deepEqual(errorCodes(forbidden), ['FORBIDDEN']);
    assert.equal(forbidden.data?.order, null);
    assert.deepEqual(errorCodes(await call(undefined, query, { id: order.id })), ['UNAUTHENTICATED']);
    assert.deepEqual(errorCodes(await call(alice, query, { id: 'ord_00000000000000000000000000' })), ['NOT_FOUND']);
    assert.deepEqual(errorCodes(await call(alice, query, { id: 'nonsense' })), ['NOT_FOUND']);

    // Through an entity reference (payments, shipping): the same guard on every field but id.
    const entities = (who: Shopper | undefined) =>
      call(who, `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Order { id number total { amount } } } }`, {
        r: [
          { __typename: 'Order', id: order.id },
          { __typename: 'Order', id: 'ord_00000000000000000000000000' },
        ],
      });
    const own = await entities(alice);
    assert.equal(own.errors, undefined);
    assert.deepEqual(own.data?._entities, [{ id: order.id, number: order.number, total: { amount: order.total.amount } }, null]);
    const foreign = await entities(bob);
    assert.deepEqual([...new Set(errorCodes(foreign))], ['FORBIDDEN']);
    assert.deepEqual(foreign.data?._entities, [null, null]);
    assert.deepEqual([...new Set(errorCodes(await entities(undefined)))], ['UNAUTHENTICATED']);

    // Customer.cart and Customer.orders are private too.
    const customerFields = (who: Shopper | undefined) =>
      call(who, `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Customer { id cart { id } orders { totalCount } } } }`, {
        r: [{ __typename: 'Customer', id: alice.id }],
      });
    const peeking = await customerFields(bob);
    assert.deepEqual(errorCodes(peeking), ['FORBIDDEN', 'FORBIDDEN']);
    assert.deepEqual(peeking.data?._entities, [{ id: alice.id, cart: null, orders: null }]);
    const asAdmin = await customerFields(admin);
    assert.equal(asAdmin.errors, undefined);
    assert.equal(asAdmin.data?._entities[0].orders.totalCount, 1);

    // Nor may anyone else cancel it.
    const before = await footprint(dataSource, alice.id);
    assert.deepEqual(errorCodes(await cancel(bob, order.id)), ['FORBIDDEN']);
    assert.deepEqual(errorCodes(await cancel(undefined, order.id)), ['UNAUTHENTICATED']);
    assert.deepEqual(errorCodes(await cancel(alice, 'ord_00000000000000000000000000')), ['NOT_FOUND']);
    assert.deepEqual(await footprint(dataSource, alice.id), before);
    assert.equal((await orderState(dataSource, order.id)).status, 'PENDING');
  });

  test('order(id, version) answers the order as it stood after that status change, for its customer and admins only', async () => {
    const variant = testVariant(800);
    await announce([variant]);
    const { customer: alice, order } = await withOrder([{ variant }]);
    const bob = await shopper();
    // The payment is remembered until the stock is reserved, which then records two transitions at once.
    await deps.orders.react(order.id, { kind: 'payment-authorized', paymentId: 'pay_test' });
    await deps.orders.react(order.id, { kind: 'stock-reserved' });
    const query = `query ($id: ID!, $version: Int) {
      order(id: $id, version: $version) { id number status version placedAt updatedAt total { amount } lines { sku quantity } statusHistory { from to reason at } }
    }`;
    const asOf = async (version: number | undefined, who: Shopper = alice) => call(who, query, { id: order.id, version });

    const current = (await asOf(undefined)).data?.order;
    assert.equal(current.status, 'CONFIRMED');
    assert.equal(current.version, 3);
    assert.deepEqual(current.statusHistory.map((change: any) => change.to), ['PENDING', 'AWAITING_PAYMENT', 'CONFIRMED']);
    assert.deepEqual(await statusChangeVersions(dataSource, order.id), [1, 2, 3]);

    const placed = await asOf(1);
    assert.equal(placed.errors, undefined);
    assert.deepEqual(placed.data?.order, {
      ...current,
      status: 'PENDING',
      version: 1,
      updatedAt: current.statusHistory[0].at,
      statusHistory: current.statusHistory.slice(0, 1),
    });
    assert.deepEqual((await asOf(2)).data?.order, {
      ...current,
      status: 'AWAITING_PAYMENT',
      version: 2,
      updatedAt: current.statusHistory[1].at,
      statusHistory: current.statusHistory.slice(0, 2),
    });
    assert.deepEqual((await asOf(3)).data?.order, current);
    assert.deepEqual((await asOf(4)).data?.order, current, 'a version past the current one answers the current order');
    assert.deepEqual((await asOf(1, admin)).data?.order.status, 'PENDING');

    for (const version of [0, -1]) {
      const refused = await asOf(version);
      assert.deepEqual(errorCodes(refused), ['BAD_USER_INPUT'], `version ${version}`);
      assert.deepEqual((refused.errors![0]!.extensions!.fields as { field: string }[]).map((f) => f.field), ['version']);
      assert.equal(refused.data?.order, null);
    }
    const forbidden = await asOf(1, bob);
    assert.deepEqual(errorCodes(forbidden), ['FORBIDDEN']);
    assert.equal(forbidden.data?.order, null);
    assert.deepEqual(errorCodes(await call(undefined, query, { id: order.id, version: 1 })), ['UNAUTHENTICATED']);
    const unknown = await call(alice, query, { id: 'ord_00000000000000000000000000', version: 1 });
    assert.deepEqual(errorCodes(unknown), ['NOT_FOUND']);

    // The past state comes from the same loaders as the current one: the order, its lines, its history.
    const statementsFor = async (version: number | undefined) => {
      queries = [];
      assert.equal((await asOf(version)).errors, undefined);
      return queries.length;
    };
    assertWithinBudget(await statementsFor(1), 3, 'an order as of version 1: the order, its lines, its history');
    assertWithinBudget(await statementsFor(undefined), 3, 'the current order: the order, its lines, its history');
  });

  test('the subscriptions the router serves are declared in the schema without resolvers here', async () => {
    const response = await call(undefined, `query { _service { sdl } }`);
    const sdl: string = response.data?._service.sdl ?? '';
    for (const field of ['orderUpdated(', 'myOrderUpdates(', 'orderFeed(']) assert.ok(sdl.includes(field), field);
  });

  test('a customer pages through their own orders newest first, optionally by status', async () => {
    const variant = testVariant(300);
    await announce([variant]);
    const alice = await shopper();
    const placed: string[] = [];
    for (let i = 0; i < 3; i += 1) placed.push((await withOrder([{ variant }], alice)).order.id);
    assert.equal((await cancel(alice, placed[1]!, 'duplicate')).errors, undefined);

    const page = (variables: Record<string, unknown>) =>
      call(
        alice,
        `query ($r: [_Any!]!, $first: Int, $after: String, $status: OrderStatus) {
          _entities(representations: $r) {
            ... on Customer { orders(first: $first, after: $after, status: $status) {
              totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id status } } } }
          }
        }`,
        { r: [{ __typename: 'Customer', id: alice.id }], ...variables },
      );
    const first = (await page({ first: 2 })).data?._entities[0].orders;
    assert.equal(first.totalCount, 3);
    assert.deepEqual(first.edges.map((e: any) => e.node.id), [placed[2], placed[1]]);
    assert.equal(first.pageInfo.hasNextPage, true);
    assert.equal(first.pageInfo.endCursor, first.edges[1].cursor);
    const second = (await page({ first: 2, after: first.pageInfo.endCursor })).data?._entities[0].orders;
    assert.deepEqual(second.edges.map((e: any) => e.node.id), [placed[0]]);
    assert.deepEqual(second.pageInfo, { hasNextPage: false, endCursor: second.edges[0].cursor });

    const cancelled = (await page({ status: 'CANCELLED' })).data?._entities[0].orders;
    assert.deepEqual([cancelled.totalCount, cancelled.edges.map((e: any) => [e.node.id, e.node.status])], [1, [[placed[1], 'CANCELLED']]]);
    assert.deepEqual(errorCodes(await page({ after: 'bogus' })), ['BAD_USER_INPUT']);
    assert.deepEqual(errorCodes(await page({ first: 101 })), ['BAD_USER_INPUT']);
  });

  test('admins list every order, filtered by status and customer; customers may not', async () => {
    const variant = testVariant(300);
    await announce([variant]);
    const { customer: alice, order: a1 } = await withOrder([{ variant }]);
    const { order: a2 } = await withOrder([{ variant }], alice);
    const { order: b1 } = await withOrder([{ variant }]);
    await cancel(admin, a1.id, 'fraud check');

    const list = (who: Shopper | undefined, variables: Record<string, unknown>) =>
      call(
        who,
        `query ($filter: OrderFilter, $first: Int, $after: String) {
          orders(filter: $filter, first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { id status customer { id } } } }
        }`,
        variables,
      );
    const alices = (await list(admin, { filter: { customerId: alice.id } })).data?.orders;
    assert.deepEqual(alices.edges.map((e: any) => e.node.id), [a2.id, a1.id]);
    assert.equal(alices.totalCount, 2);
    const cancelled = (await list(admin, { filter: { customerId: alice.id, status: 'CANCELLED' } })).data?.orders;
    assert.deepEqual(cancelled.edges.map((e: any) => [e.node.id, e.node.status, e.node.customer.id]), [[a1.id, 'CANCELLED', alice.id]]);

    const newest = (await list(admin, { first: 1 })).data?.orders;
    assert.equal(newest.pageInfo.hasNextPage, true);
    assert.ok(newest.totalCount >= 3);
    const pending = (await list(admin, { filter: { status: 'PENDING' }, first: 100 })).data?.orders;
    assert.ok(pending.edges.some((e: any) => e.node.id === b1.id));
    assert.ok(pending.edges.every((e: any) => e.node.status === 'PENDING'));
    const next = (await list(admin, { filter: { customerId: alice.id }, first: 1 })).data?.orders;
    const rest = (await list(admin, { filter: { customerId: alice.id }, first: 1, after: next.pageInfo.endCursor })).data?.orders;
    assert.deepEqual(rest.edges.map((e: any) => e.node.id), [a1.id]);

    assert.deepEqual(errorCodes(await list(alice, {})), ['FORBIDDEN']);
    assert.deepEqual(errorCodes(await list(undefined, {})), ['UNAUTHENTICATED']);
    assert.deepEqual(errorCodes(await list(admin, { after: 'bogus' })), ['BAD_USER_INPUT']);
  });

  test('admins list the orders placed from placedAfter (inclusive) to placedBefore (exclusive), paged by cursor; a range that ends before it starts is refused', async () => {
    const variant = testVariant(300);
    await announce([variant]);
    const { customer: carol, order: first } = await withOrder([{ variant }]);
    const { order: second } = await withOrder([{ variant }], carol);
    const { order: third } = await withOrder([{ variant }], carol);
    const { order: fourth } = await withOrder([{ variant }], carol);
    assert.ok(first.placedAt < second.placedAt && third.placedAt < fourth.placedAt);

    const list = (variables: Record<string, unknown>) =>
      call(
        admin,
        `query ($filter: OrderFilter, $first: Int, $after: String) {
          orders(filter: $filter, first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { id placedAt } } }
        }`,
        variables,
      );
    const ids = (response: Awaited<ReturnType<typeof list>>) => response.data?.orders.edges.map((e: any) => e.node.id);

    const middle = { customerId: carol.id, placedAfter: second.placedAt, placedBefore: fourth.placedAt };
    const both = (await list({ filter: middle })).data?.orders;
    assert.deepEqual(both.edges.map((e: any) => e.node.id), [third.id, second.id]);
    assert.equal(both.totalCount, 2);
    assert.deepEqual(ids(await list({ filter: { customerId: carol.id, placedAfter: third.placedAt } })), [fourth.id, third.id]);
    assert.deepEqual(ids(await list({ filter: { customerId: carol.id, placedBefore: second.placedAt } })), [first.id]);
    // The same instant written with another offset is the same bound.
    const secondAtPlus2 = new Date(Date.parse(second.placedAt) + 2 * 3_600_000).toISOString().replace('Z', '+02:00');
    assert.deepEqual(ids(await list({ filter: { ...middle, placedAfter: secondAtPlus2 } })), [third.id, second.id]);
    assert.deepEqual(ids(await list({ filter: { ...middle, placedBefore: second.placedAt } })), []);

    // Paging keeps the range: the second page holds the rest of it and nothing outside it.
    const page1 = (await list({ filter: middle, first: 1 })).data?.orders;
    assert.deepEqual(page1.edges.map((e: any) => e.node.id), [third.id]);
    assert.equal(page1.pageInfo.hasNextPage, true);
    const page2 = (await list({ filter: middle, first: 1, after: page1.pageInfo.endCursor })).data?.orders;
    assert.deepEqual(page2.edges.map((e: any) => e.node.id), [second.id]);
    assert.equal(page2.pageInfo.hasNextPage, false);
    assert.equal(page2.totalCount, 2);

    // Without a customer, every order of the range (others' included), all within it.
    const everyone = (await list({ filter: { placedAfter: first.placedAt, placedBefore: new Date(Date.parse(fourth.placedAt) + 1).toISOString() }, first: 100 })).data?.orders;
    const seen = everyone.edges.map((e: any) => e.node);
    for (const order of [first, second, third, fourth]) assert.ok(seen.some((node: any) => node.id === order.id));
    assert.ok(seen.every((node: any) => node.placedAt >= first.placedAt && node.placedAt <= fourth.placedAt));

    const reversed = await list({ filter: { placedAfter: fourth.placedAt, placedBefore: first.placedAt } });
    assert.deepEqual(errorCodes(reversed), ['BAD_USER_INPUT']);
    assert.deepEqual((reversed.errors![0]!.extensions!.fields as { field: string }[]).map((f) => f.field), ['filter.placedBefore']);
    const malformed = await list({ filter: { placedAfter: 'yesterday' } });
    assert.deepEqual(errorCodes(malformed), ['BAD_USER_INPUT']);
    assert.deepEqual((malformed.errors![0]!.extensions!.fields as { field: string }[]).map((f) => f.field), ['filter.placedAfter']);
  });

  test('cancelOrder is allowed before SHIPPED (owner or admin) and refused with CONFLICT afterwards, writing nothing', async () => {
    const variant = testVariant(800);
    await announce([variant]);
    const steps = {
      PENDING: [],
      AWAITING_PAYMENT: [{ kind: 'stock-reserved' }],
      CONFIRMED: [{ kind: 'stock-reserved' }, { kind: 'payment-authorized', paymentId: 'pay_1' }],
      SHIPPED: [{ kind: 'stock-reserved' }, { kind: 'payment-authorized', paymentId: 'pay_1' }, { kind: 'shipment-in-transit' }],
      DELIVERED: [{ kind: 'stock-reserved' }, { kind: 'payment-authorized', paymentId: 'pay_1' }, { kind: 'shipment-delivered' }],
    } as const;
    const orderIn = async (status: keyof typeof steps) => {
      const { customer, order } = await withOrder([{ variant }]);
      for (const signal of steps[status]) await deps.orders.react(order.id, signal);
      assert.equal((await orderState(dataSource, order.id)).status, status);
      return { customer, order };
    };

    for (const [status, by] of [
      ['PENDING', 'owner'],
      ['AWAITING_PAYMENT', 'admin'],
      ['CONFIRMED', 'owner'],
    ] as const) {
      const { customer, order } = await orderIn(status);
      const response = await cancel(by === 'owner' ? customer : admin, order.id, 'changed my mind');
      assert.equal(response.errors, undefined, status);
      assert.equal(response.data?.cancelOrder.status, 'CANCELLED');
      assert.deepEqual(response.data?.cancelOrder.statusHistory.at(-1), { from: status, to: 'CANCELLED', reason: 'changed my mind' });
      assert.deepEqual((await outboxTypes(dataSource, order.id)).slice(-2), ['OrderCancelled', 'OrderStatusChanged']);
    }
    const { customer: quiet, order: noReason } = await orderIn('PENDING');
    assert.equal((await cancel(quiet, noReason.id)).data?.cancelOrder.statusHistory.at(-1).reason, 'Cancelled by the customer');

    for (const [status, message] of [
      ['SHIPPED', /has already shipped and can no longer be cancelled/],
      ['DELIVERED', /has already been delivered and can no longer be cancelled/],
    ] as const) {
      const { customer, order } = await orderIn(status);
      const events = await outboxTypes(dataSource, order.id);
      for (const who of [customer, admin]) {
        const refused = await cancel(who, order.id);
        assert.deepEqual(errorCodes(refused), ['CONFLICT'], status);
        assert.match(refused.errors![0]!.message, message);
        assert.match(refused.errors![0]!.message, new RegExp(order.number));
      }
      assert.deepEqual(await outboxTypes(dataSource, order.id), events);
      assert.equal((await orderState(dataSource, order.id)).status, status);
    }
    const { customer, order } = await orderIn('PENDING');
    await cancel(customer, order.id);
    const twice = await cancel(customer, order.id);
    assert.deepEqual(errorCodes(twice), ['CONFLICT']);
    assert.match(twice.errors![0]!.message, /is already cancelled/);
    assert.equal((await orderState(dataSource, order.id)).history.length, 2);
  });

  test('a page of orders with their lines and histories costs the same few SQL statements for 2 or 20 orders', async () => {
    const [a, b] = [testVariant(100), testVariant(200)];
    await announce([a, b]);
    const alice = await shopper();
    for (let i = 0; i < 20; i += 1) await withOrder([{ variant: a }, { variant: b }], alice);

    const statementsFor = async (first: number) => {
      queries = [];
      const response = await call(
        admin,
        `query ($filter: OrderFilter, $first: Int) {
          orders(filter: $filter, first: $first) { edges { node { id lines { sku lineTotal { amount } } statusHistory { to } customer { id } } } }
        }`,
        { filter: { customerId: alice.id }, first },
      );
      assert.equal(response.errors, undefined);
      assert.equal(response.data?.orders.edges.length, first);
      assert.ok(response.data?.orders.edges.every((e: any) => e.node.lines.length === 2 && e.node.statusHistory.length === 1));
      return queries.length;
    };
    const few = await statementsFor(2);
    const many = await statementsFor(20);
    assert.equal(many, few, 'the statement count does not grow with the page');
    assert.ok(many <= 4, `count, page, lines and history (${many})`);

    // Several customers' orders through Customer.orders: one batch for all of them.
    const others = [await shopper(), await shopper(), await shopper()];
    for (const other of others) await withOrder([{ variant: a }], other);
    const customersStatements = async (who: Shopper[]) => {
      queries = [];
      const response = await call(
        admin,
        `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Customer { orders(first: 5) { totalCount edges { node { number lines { sku } } } } } } }`,
        { r: who.map((c) => ({ __typename: 'Customer', id: c.id })) },
      );
      assert.equal(response.errors, undefined);
      assert.ok(response.data?._entities.every((entity: any) => entity.orders.edges.length >= 1));
      return queries.length;
    };
    assert.equal(await customersStatements([alice, ...others]), await customersStatements([others[0]!]));
  });
});
