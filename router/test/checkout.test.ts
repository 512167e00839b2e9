import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { TOPICS, publishEvents } from '@commerce/events';
import { collectEvents, errorCodes, unique, type GraphQLResponse } from '@commerce/testkit';
import { ADDRESS, CARDS, checkout } from './checkout-support.ts';
import { startStack, type Stack } from './stack.ts';

describe('checkout saga through the router', () => {
  let stack: Stack;
  let co: ReturnType<typeof checkout>;

  before(async () => {
    stack = await startStack({ saga: {} });
    co = checkout(stack);
  });
  after(async () => {
    await co.retireWarehouse();
    await stack.close();
  });

  const track = async (shipmentId: string, status: string) =>
    co.ok('mutation ($id: ID!, $i: TrackingEventInput!) { recordTrackingEvent(shipmentId: $id, input: $i) { status } }', { id: shipmentId, i: { status, location: 'Amsterdam hub' } }, await co.admin());

  test('the happy path reaches DELIVERED, and one query shows the order with customer, payment, shipment and product data', async () => {
    const shopper = await co.shopper();
    const item = await co.stockedProduct('20.00', 5);
    const orderId = await co.placeOrder(shopper, item.variantId, 2);
    await co.waitForStatus(orderId, 'CONFIRMED', shopper.headers);

    const shipment = await co.eventually(
      async () => (await co.ok('query ($id: ID!) { order(id: $id) { shipments { id status } payment { status } } }', { id: orderId }, shopper.headers)).order,
      (order) => order.shipments.length === 1 && order.payment?.status === 'CAPTURED',
      'shipment created and payment captured',
    );
    assert.deepEqual(await co.stock(item), { available: 3, onHand: 5, reserved: 2 });
    await track(shipment.shipments[0].id, 'IN_TRANSIT');
    await co.waitForStatus(orderId, 'SHIPPED', shopper.headers);
    await co.eventually(() => co.stock(item), (s) => s.onHand === 3 && s.reserved === 0, 'stock committed on shipment');
    await track(shipment.shipments[0].id, 'DELIVERED');
    await co.waitForStatus(orderId, 'DELIVERED', shopper.headers);

    const view = await co.ok(
      `query ($id: ID!) { order(id: $id) {
        number status total { amount } subtotal { amount } shippingTotal { amount }
        customer { firstName email }
        payment { status amount { amount } capturedAmount { amount } method { brand last4 } }
        shipments { carrier trackingNumber status trackingEvents { status } }
        lines { name quantity unitPrice { amount } variant { title stock { available } product { name rating { count } } } }
        statusHistory { from to }
      } }`,
      { id: orderId },
      shopper.headers,
    );
    const order = view.order;
    assert.match(order.number, /\S/);
    assert.deepEqual([order.subtotal.amount, order.shippingTotal.amount, order.total.amount], ['40.00', '4.95', '44.95']);
    assert.deepEqual(order.customer, { firstName: 'Grace', email: order.customer.email });
    assert.match(order.customer.email, /@example\.com$/);
    assert.deepEqual(order.payment, { status: 'CAPTURED', amount: { amount: '44.95' }, capturedAmount: { amount: '44.95' }, method: { brand: 'VISA', last4: '4242' } });
    assert.equal(order.shipments[0].status, 'DELIVERED');
    assert.ok(order.shipments[0].trackingNumber.length > 5);
    assert.deepEqual(order.shipments[0].trackingEvents.map((e: { status: string }) => e.status), ['LABEL_CREATED', 'IN_TRANSIT', 'DELIVERED']);
    assert.deepEqual(order.lines[0], {
      name: order.lines[0].name,
      quantity: 2,
      unitPrice: { amount: '20.00' },
      variant: { title: order.lines[0].variant.title, stock: { available: 3 }, product: { name: 'Checkout mug', rating: { count: 0 } } },
    });
    assert.deepEqual(
      order.statusHistory.map((h: { from: string | null; to: string }) => `${h.from ?? '∅'}→${h.to}`),
      ['∅→PENDING', 'PENDING→AWAITING_PAYMENT', 'AWAITING_PAYMENT→CONFIRMED', 'CONFIRMED→SHIPPED', 'SHIPPED→DELIVERED'],
    );
  });

  test('placeOrder charges the cheapest rate shippingQuote lists for the cart, address and service, and the shipment goes with that carrier', async () => {
    const shopper = await co.shopper();
    const item = await co.stockedProduct('15.00', 5);
    await co.addToCart(shopper, item.variantId, 3);
    const address = { recipient: 'Grace Hopper', line1: 'Unter den Linden 1', city: 'Berlin', postalCode: '10117', country: 'DE' };

    // What a storefront does at checkout: the cart's lines with the catalog's weights, quoted by shipping.
    const cart = (await co.ok('query { myCart { lines { quantity variant { id weightGrams } } } }', {}, shopper.headers)).myCart;
    const lines = cart.lines.map((line: { quantity: number; variant: { id: string; weightGrams: number } }) => ({
      variantId: line.variant.id,
      quantity: line.quantity,
      weightGrams: line.variant.weightGrams,
    }));
    assert.deepEqual(lines, [{ variantId: item.variantId, quantity: 3, weightGrams: 400 }]);
    const rates: { carrier: string; service: string; price: { amount: string; currencyCode: string } }[] = (
      await co.ok(
        'query ($i: ShippingQuoteInput!) { shippingQuote(input: $i) { carrier service price { amount currencyCode } } }',
        { i: { address: { country: address.country, postalCode: address.postalCode }, lines } },
        {},
      )
    ).shippingQuote;
    const cheapest = (service: string) => rates.find((rate) => rate.service === service)!;
    // 1.2 kg into the EU: DHL is the cheapest STANDARD, UPS the cheapest EXPRESS (PostNL has none abroad).
    assert.deepEqual([cheapest('STANDARD').carrier, cheapest('STANDARD').price.amount], ['DHL', '9.95']);
    assert.deepEqual([cheapest('EXPRESS').carrier, cheapest('EXPRESS').price.amount], ['UPS', '22.95']);

    const placed = await co.ok(
      'mutation ($i: PlaceOrderInput!) { placeOrder(input: $i) { id subtotal { amount } shippingTotal { amount currencyCode } total { amount } } }',
      { i: { address, shippingService: 'EXPRESS', paymentMethodId: shopper.paymentMethodId, idempotencyKey: unique('k-') } },
      shopper.headers,
    );
    const order = placed.placeOrder;
    assert.deepEqual(order.shippingTotal, cheapest('EXPRESS').price, 'the order charges what the quote showed');
    assert.deepEqual([order.subtotal.amount, order.total.amount], ['45.00', '67.95']);

    await co.waitForStatus(order.id, 'CONFIRMED', shopper.headers);
    const shipments = await co.eventually(
      async () => (await co.ok('query ($id: ID!) { order(id: $id) { shipments { id carrier service } payment { amount { amount } } } }', { id: order.id }, shopper.headers)).order,
      (o) => o.shipments.length === 1,
      'the shipment created',
    );
    assert.deepEqual(shipments.shipments.map((s: { carrier: string; service: string }) => [s.carrier, s.service]), [['UPS', 'EXPRESS']]);
    assert.equal(shipments.payment.amount.amount, '67.95', 'the payment covers the shipping charged');
    const [label] = await stack.saga!.dataSources.shipping.query('select price_amount, price_currency, weight_grams from shipments where order_id = $1', [order.id]);
    assert.deepEqual([Number(label.price_amount), label.price_currency, label.weight_grams], [2295, 'EUR', 1200], 'shipping pays the carrier the rate charged');
  });

  test('placeOrder refuses a cart no carrier can take with BAD_USER_INPUT, and the cart stays for a lighter order', async () => {
    const shopper = await co.shopper();
    const headers = await co.admin();
    const product = await co.ok(
      'mutation ($i: CreateProductInput!) { createProduct(input: $i) { variants { id } } }',
      { i: { slug: unique('p-'), name: 'Cast-iron anvil', status: 'ACTIVE', variants: [{ sku: unique('AN-'), price: { amount: '90.00', currencyCode: 'EUR' }, weightGrams: 600_000 }] } },
      headers,
    );
    const variantId: string = product.createProduct.variants[0].id;
    await co.addToCart(shopper, variantId, 2);
    const place = () =>
      co.call(
        'mutation ($i: PlaceOrderInput!) { placeOrder(input: $i) { id } }',
        { i: { address: ADDRESS, paymentMethodId: shopper.paymentMethodId, idempotencyKey: unique('k-') } },
        shopper.headers,
      );
    const refused = await place();
    assert.deepEqual(errorCodes(refused), ['BAD_USER_INPUT']);
    assert.match(refused.errors![0]!.message, /cannot be shipped: The lines weigh 1200 kg together; one shipment may weigh at most 1000 kg/);
    const mine = await co.ok('query { myCart { itemCount } customer: me { orders { totalCount } } }', {}, shopper.headers);
    assert.deepEqual([mine.myCart.itemCount, mine.customer.orders.totalCount], [2, 0]);

    await co.ok('mutation ($v: ID!) { updateCartLine(variantId: $v, quantity: 1) { itemCount } }', { v: variantId }, shopper.headers);
    assert.equal(errorCodes(await place()).length, 0);
  });

  test('an order placed with a saved address id ships to a copy of that address, which later edits do not change', async () => {
    const shopper = await co.shopper();
    const item = await co.stockedProduct('15.00', 3);
    const saved = await co.ok(
      'mutation ($i: AddressInput!) { addAddress(input: $i) { id } }',
      { i: { label: 'Office', recipient: 'Grace Hopper', line1: '1 Navy Way', city: 'Arlington', region: 'VA', postalCode: '22201', country: 'us', phone: '+1 703 555 0100' } },
      shopper.headers,
    );
    const addressId: string = saved.addAddress.id;
    const snapshot = { recipient: 'Grace Hopper', line1: '1 Navy Way', line2: null, city: 'Arlington', region: 'VA', postalCode: '22201', country: 'US', phone: '+1 703 555 0100' };
    const ADDRESS_FIELDS = 'recipient line1 line2 city region postalCode country phone';

    await co.eventually(
      () => co.call('mutation ($v: ID!) { addToCart(variantId: $v, quantity: 1) { itemCount } }', { v: item.variantId }, shopper.headers),
      (response: GraphQLResponse) => errorCodes(response).length === 0,
      'adding to the cart once the catalog event reached orders',
    );
    // The address reaches orders over customers.events; until then placeOrder answers NOT_FOUND.
    // The same idempotency key makes the retries one order.
    const input = { shippingAddressId: addressId, paymentMethodId: shopper.paymentMethodId, idempotencyKey: unique('k-') };
    const placed = await co.eventually(
      () => co.call(`mutation ($i: PlaceOrderInput!) { placeOrder(input: $i) { id status shippingAddress { ${ADDRESS_FIELDS} } } }`, { i: input }, shopper.headers),
      (response: GraphQLResponse) => !errorCodes(response).includes('NOT_FOUND'),
      'placing the order once the saved address reached orders',
    );
    assert.equal(placed.errors, undefined, JSON.stringify(placed.errors));
    const orderId: string = placed.data!.placeOrder.id;
    assert.deepEqual(placed.data!.placeOrder.shippingAddress, snapshot);
    await co.waitForStatus(orderId, 'CONFIRMED', shopper.headers);

    await co.ok('mutation ($id: ID!, $i: UpdateAddressInput!) { updateAddress(id: $id, input: $i) { id } }', { id: addressId, i: { line1: '2 Navy Way' } }, shopper.headers);
    const view = await co.eventually(
      async () =>
        (await co.ok(`query ($id: ID!) { order(id: $id) { shippingAddress { ${ADDRESS_FIELDS} } shipments { address { ${ADDRESS_FIELDS} } } customer { addresses { id line1 } } } }`, { id: orderId }, shopper.headers)).order,
      (order) => order.shipments.length === 1,
      'the shipment created',
    );
    assert.deepEqual(view.shippingAddress, snapshot, 'the order keeps the address it was placed with');
    assert.deepEqual(view.shipments[0].address, snapshot, 'and ships there');
    assert.deepEqual(view.customer.addresses, [{ id: addressId, line1: '2 Navy Way' }]);
  });

  test('an order for more than is in stock is cancelled, charges nothing and ships nothing', async () => {
    const shopper = await co.shopper();
    const item = await co.stockedProduct('5.00', 1);
    const orderId = await co.placeOrder(shopper, item.variantId, 2);
    await co.waitForStatus(orderId, 'CANCELLED', shopper.headers);
    const order = (await co.ok('query ($id: ID!) { order(id: $id) { statusHistory { to reason } payment { id } shipments { id } } }', { id: orderId }, shopper.headers)).order;
    assert.equal(order.statusHistory.at(-1).reason, 'OUT_OF_STOCK');
    assert.equal(order.payment, null);
    assert.deepEqual(order.shipments, []);
    assert.deepEqual(await co.stock(item), { available: 1, onHand: 1, reserved: 0 });
  });

  test('a declined card cancels the order and releases the stock', async () => {
    const shopper = await co.shopper(CARDS.insufficientFunds);
    const item = await co.stockedProduct('5.00', 3);
    const orderId = await co.placeOrder(shopper, item.variantId, 2);
    await co.waitForStatus(orderId, 'CANCELLED', shopper.headers);
    const order = (await co.ok('query ($id: ID!) { order(id: $id) { statusHistory { reason } payment { status failureCode } shipments { id } } }', { id: orderId }, shopper.headers)).order;
    assert.match(order.statusHistory.at(-1).reason, /PAYMENT_DECLINED/);
    assert.deepEqual(order.payment, { status: 'FAILED', failureCode: 'INSUFFICIENT_FUNDS' });
    assert.deepEqual(order.shipments, []);
    await co.eventually(() => co.stock(item), (s) => s.available === 3 && s.reserved === 0, 'stock released');
  });

  test('cancelling after payment refunds it, releases the stock and cancels the label', async () => {
    const shopper = await co.shopper();
    const item = await co.stockedProduct('12.00', 4);
    const orderId = await co.placeOrder(shopper, item.variantId, 1);
    await co.waitForStatus(orderId, 'CONFIRMED', shopper.headers);
    await co.eventually(
      async () => (await co.ok('query ($id: ID!) { order(id: $id) { payment { status } shipments { status } } }', { id: orderId }, shopper.headers)).order,
      (o) => o.payment?.status === 'CAPTURED' && o.shipments.length === 1,
      'captured and labelled',
    );
    const cancelled = await co.ok('mutation ($id: ID!) { cancelOrder(id: $id, reason: "changed my mind") { status } }', { id: orderId }, shopper.headers);
    assert.equal(cancelled.cancelOrder.status, 'CANCELLED');
    const final = await co.eventually(
      async () => (await co.ok('query ($id: ID!) { order(id: $id) { payment { status refundedAmount { amount } } shipments { status } } }', { id: orderId }, shopper.headers)).order,
      (o) => o.payment.status === 'REFUNDED' && o.shipments[0].status === 'CANCELLED',
      'refund issued and label cancelled',
    );
    assert.equal(final.payment.refundedAmount.amount, '16.95');
    await co.eventually(() => co.stock(item), (s) => s.available === 4 && s.reserved === 0, 'stock released');
  });

  test('an admin refunds part of a captured payment', async () => {
    const shopper = await co.shopper();
    const item = await co.stockedProduct('30.00', 2);
    const orderId = await co.placeOrder(shopper, item.variantId, 2);
    await co.waitForStatus(orderId, 'CONFIRMED', shopper.headers);
    const payment = await co.eventually(
      async () => (await co.ok('query ($id: ID!) { order(id: $id) { payment { id status } } }', { id: orderId }, shopper.headers)).order.payment,
      (p) => p?.status === 'CAPTURED',
      'captured',
    );
    const refund = 'mutation ($id: ID!, $a: MoneyInput) { refundPayment(paymentId: $id, amount: $a, reason: "damaged") { status refundedAmount { amount } } }';
    assert.deepEqual(errorCodes(await co.call(refund, { id: payment.id, a: { amount: '5.00', currencyCode: 'EUR' } }, shopper.headers)), ['FORBIDDEN']);
    const partial = await co.ok(refund, { id: payment.id, a: { amount: '5.00', currencyCode: 'EUR' } }, await co.admin());
    assert.deepEqual(partial.refundPayment, { status: 'PARTIALLY_REFUNDED', refundedAmount: { amount: '5.00' } });
    assert.deepEqual(errorCodes(await co.call(refund, { id: payment.id, a: { amount: '100.00', currencyCode: 'EUR' } }, await co.admin())), ['CONFLICT']);
    assert.equal(await co.statusOf(orderId, shopper.headers), 'CONFIRMED');
  });

  test('every saga event delivered twice more and in reverse order changes nothing: one reservation, authorization, capture and shipment', async () => {
    const collector = await collectEvents(stack.kafka, [TOPICS.orders, TOPICS.inventory, TOPICS.payments, TOPICS.shipments]);
    try {
      const shopper = await co.shopper();
      const item = await co.stockedProduct('15.00', 3);
      const orderId = await co.placeOrder(shopper, item.variantId, 1);
      await co.waitForStatus(orderId, 'CONFIRMED', shopper.headers);
      await co.eventually(
        async () => (await co.ok('query ($id: ID!) { order(id: $id) { payment { status } shipments { id } } }', { id: orderId }, shopper.headers)).order,
        (o) => o.payment?.status === 'CAPTURED' && o.shipments.length === 1,
        'captured and labelled',
      );
      // The collector reads the four topics each at its own pace: wait until it has caught up with
      // this order on all four, or a late original would count as emitted anew.
      const seen = (type: string) => collector.of(orderId).some((e) => e.eventType === type);
      await collector.until(() => ['ShipmentRequested', 'StockReserved', 'PaymentCaptured', 'ShipmentCreated'].every(seen), 60_000);
      await sleep(1000);
      const original = collector.of(orderId);
      const counts = async () => {
        const [inventory, payments, shipping] = [stack.inventoryDataSource, stack.saga!.dataSources.payments, stack.saga!.dataSources.shipping];
        const one = async (ds: typeof inventory, sql: string) => Number((await ds.query(sql, [orderId]))[0].n);
        return {
          reservations: await one(inventory, 'select count(*) as n from reservations where order_id = $1'),
          authorizations: await one(payments, "select count(*) as n from gateway_operations where idempotency_key = $1 || ':authorize'"),
          captures: await one(payments, "select count(*) as n from gateway_operations where idempotency_key = $1 || ':capture'"),
          shipments: await one(shipping, 'select count(*) as n from shipments where order_id = $1'),
        };
      };
      assert.deepEqual(await counts(), { reservations: 1, authorizations: 1, captures: 1, shipments: 1 });

      // Redeliver the whole history twice, newest first, on the topics it came from.
      const byTopic = new Map<string, typeof original>();
      for (const event of [...original].reverse()) {
        const topic = collector.topicOf.get(event.eventId)!;
        byTopic.set(topic, [...(byTopic.get(topic) ?? []), event]);
      }
      for (let round = 0; round < 2; round++) {
        for (const [topic, events] of byTopic) await publishEvents(stack.producer, topic, events);
      }
      await collector.until(() => collector.of(orderId).length >= original.length * 3);
      await sleep(3000);

      assert.deepEqual(await counts(), { reservations: 1, authorizations: 1, captures: 1, shipments: 1 });
      assert.equal(await co.statusOf(orderId, shopper.headers), 'CONFIRMED');
      const ids = new Set(original.map((e) => e.eventId));
      const fresh = collector.of(orderId).filter((e) => !ids.has(e.eventId));
      assert.deepEqual(fresh.map((e) => e.eventType), [], 'no service emitted anything new');
    } finally {
      await collector.stop();
    }
  });

  test('another customer can read neither the order nor its payment or shipments, and cannot cancel it', async () => {
    const owner = await co.shopper();
    const stranger = await co.shopper();
    const item = await co.stockedProduct('8.00', 2);
    const orderId = await co.placeOrder(owner, item.variantId, 1);
    await co.waitForStatus(orderId, 'CONFIRMED', owner.headers);
    for (const query of ['query ($id: ID!) { order(id: $id) { id status } }', 'query ($id: ID!) { order(id: $id) { payment { status } } }', 'query ($id: ID!) { order(id: $id) { shipments { id } } }']) {
      assert.deepEqual(errorCodes(await co.call(query, { id: orderId }, stranger.headers)), ['FORBIDDEN'], query);
      assert.deepEqual(errorCodes(await co.call(query, { id: orderId }, {})), ['UNAUTHENTICATED'], query);
    }
    assert.deepEqual(errorCodes(await co.call('mutation ($id: ID!) { cancelOrder(id: $id) { status } }', { id: orderId }, stranger.headers)), ['FORBIDDEN']);
    assert.equal(await co.statusOf(orderId, owner.headers), 'CONFIRMED');
  });
});

describe('unpaid orders expire', () => {
  let stack: Stack;
  let co: ReturnType<typeof checkout>;

  before(async () => {
    // The transient card never gets through here, so the order waits for payment until it expires.
    stack = await startStack({ saga: { orderPaymentTimeoutSeconds: 4, transientFailures: 1_000_000 } });
    co = checkout(stack);
  });
  after(async () => {
    await co.retireWarehouse();
    await stack.close();
  });

  test('an order left unpaid past its deadline is cancelled as EXPIRED and its stock released', async () => {
    const shopper = await co.shopper(CARDS.transient);
    const item = await co.stockedProduct('6.00', 2);
    const orderId = await co.placeOrder(shopper, item.variantId, 2);
    await co.waitForStatus(orderId, 'AWAITING_PAYMENT', shopper.headers);
    await co.waitForStatus(orderId, 'CANCELLED', shopper.headers);
    const history = (await co.ok('query ($id: ID!) { order(id: $id) { statusHistory { from to reason } } }', { id: orderId }, shopper.headers)).order.statusHistory;
    assert.deepEqual(history.at(-1), { from: 'AWAITING_PAYMENT', to: 'CANCELLED', reason: 'EXPIRED' });
    await co.eventually(() => co.stock(item), (s) => s.available === 2 && s.reserved === 0, 'stock released');
  });
});
