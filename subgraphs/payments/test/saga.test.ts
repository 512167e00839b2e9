import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Kafka } from 'kafkajs';
import type { DataSource } from 'typeorm';
import {
  PaymentAuthorized,
  PaymentCaptured,
  PaymentFailed,
  PaymentRefunded,
  PaymentVoided,
  TOPICS,
  createEventProducer,
  matchEvent,
  publishEvents,
  type EventEnvelope,
  type EventProducer,
} from '@commerce/events';
import { startOutboxRelay, type OutboxRelay } from '@commerce/outbox';
import { createKafka } from '@commerce/service-kit';
import { collectEvents, infra, liveGroup, testLogger, type EventCollector } from '@commerce/testkit';
import type { Deps } from '../src/context.ts';
import { startPaymentConsumers } from '../src/events/consumers.ts';
import { INBOX } from '../src/events/inbox.ts';
import {
  CARDS,
  EUR,
  cardOnFile,
  connect,
  databaseUrl,
  depsFor,
  gatewayCounts,
  gatewayOperationsOf,
  newCustomerId,
  newOrderId,
  orderCancelled,
  orderConfirmed,
  paymentRequested,
  paymentRow,
  transactionsOf,
  waitFor,
} from './support.ts';

// The service's own wiring (consumer, handlers, outbox relay) against the real broker. The
// consumer group starts at the end of orders.events (liveGroup), so it handles only what this
// run publishes; payments.events is shared, so everything observed is filtered by order id.
describe('payments in the order saga over the real Kafka broker', () => {
  const logger = testLogger('payments-kafka');
  let dataSource: DataSource;
  let deps: Deps;
  let kafka: Kafka;
  let producer: EventProducer;
  let relay: OutboxRelay;
  let consumers: { stop: () => Promise<void> };
  let collector: EventCollector;

  const typesOf = (orderId: string) => collector.of(orderId).map((event) => event.eventType);

  /** Waits until the order's payment events on the topic are `expected` (and fails if they end up different). */
  async function expectEvents(orderId: string, expected: string[]): Promise<EventEnvelope[]> {
    await collector.until(() => typesOf(orderId).length >= expected.length, 30_000);
    assert.deepEqual(typesOf(orderId), expected);
    return collector.of(orderId);
  }

  /** Resolves once the consumer has applied the event (the inbox holds it); every earlier message of its order was handled before it. */
  async function handled(event: EventEnvelope): Promise<void> {
    await waitFor(
      async () => (await dataSource.query('select 1 from inbox where consumer = $1 and event_id = $2', [INBOX.orders, event.eventId])).length > 0,
      30_000,
      `${event.eventType} ${event.eventId} to be handled`,
    );
  }

  async function customerWithCard(number: string) {
    const customerId = newCustomerId();
    return { customerId, methodId: await cardOnFile(deps, customerId, number) };
  }

  const publish = (...events: EventEnvelope[]) => publishEvents(producer, TOPICS.orders, events);

  before(async () => {
    dataSource = await connect(logger);
    deps = depsFor(dataSource, logger, { sandbox: { transientFailures: 2 } });
    kafka = createKafka({ clientId: 'payments-test', brokers: infra.kafkaBrokers, logger });
    producer = createEventProducer(kafka);
    await producer.connect();
    relay = await startOutboxRelay({ producer, logger, databaseUrl, pollIntervalMs: 200 });
    consumers = await startPaymentConsumers({
      kafka,
      deps,
      logger,
      groups: { orders: await liveGroup(kafka, [TOPICS.orders], 'payments.orders.test-') },
      retryDelayMs: 50,
    });
    collector = await collectEvents(kafka, [TOPICS.payments]);
  });

  after(async () => {
    await consumers?.stop();
    await collector?.stop();
    await relay?.stop();
    await producer?.disconnect();
    await dataSource?.destroy();
  });

  test('an approved card: PaymentRequested comes back as PaymentAuthorized for the order, then OrderConfirmed as PaymentCaptured', async () => {
    const { customerId, methodId } = await customerWithCard(CARDS.visa);
    const orderId = newOrderId();
    const requested = paymentRequested(orderId, customerId, methodId, EUR(2_599));
    await publish(requested);

    const [authorizedEnvelope] = await expectEvents(orderId, ['PaymentAuthorized']);
    const authorized = matchEvent(PaymentAuthorized, authorizedEnvelope!)!;
    assert.equal(authorized.aggregateId, orderId);
    assert.equal(authorized.causationId, requested.eventId);
    assert.equal(authorized.correlationId, requested.correlationId);
    const payment = (await paymentRow(dataSource, orderId))!;
    assert.deepEqual({ ...authorized.data, authorizedAt: undefined }, {
      orderId,
      paymentId: payment.id,
      customerId,
      amount: EUR(2_599),
      authorizedAt: undefined,
    });

    await publish(orderConfirmed(orderId, customerId, EUR(2_599)));
    const [, captured] = await expectEvents(orderId, ['PaymentAuthorized', 'PaymentCaptured']);
    assert.deepEqual(matchEvent(PaymentCaptured, captured!)!.data.amount, EUR(2_599));
    assert.deepEqual(await paymentRow(dataSource, orderId), { ...payment, status: 'CAPTURED', captured: 2_599 });
  });

  test('a card without funds comes back as PaymentFailed INSUFFICIENT_FUNDS', async () => {
    const { customerId, methodId } = await customerWithCard(CARDS.insufficientFunds);
    const orderId = newOrderId();
    await publish(paymentRequested(orderId, customerId, methodId));
    const [failed] = await expectEvents(orderId, ['PaymentFailed']);
    const data = matchEvent(PaymentFailed, failed!)!.data;
    assert.equal(data.code, 'INSUFFICIENT_FUNDS');
    assert.equal(data.message, 'The card has insufficient funds.');
  });

  test('the transiently failing card is authorized once the consumer\'s retries get through', async () => {
    const { customerId, methodId } = await customerWithCard(CARDS.transient);
    const orderId = newOrderId();
    await publish(paymentRequested(orderId, customerId, methodId));
    await expectEvents(orderId, ['PaymentAuthorized']);
    assert.deepEqual(
      (await gatewayOperationsOf(dataSource, orderId)).map(({ operation, status, attempts }) => [operation, status, attempts]),
      [['AUTHORIZE', 'SUCCEEDED', 3]],
    );
  });

  test('cancelling a captured order refunds the payment in full', async () => {
    const { customerId, methodId } = await customerWithCard(CARDS.mastercard);
    const orderId = newOrderId();
    await publish(paymentRequested(orderId, customerId, methodId, EUR(8_000)), orderConfirmed(orderId, customerId, EUR(8_000)));
    await expectEvents(orderId, ['PaymentAuthorized', 'PaymentCaptured']);
    await publish(orderCancelled(orderId, customerId, 'customer request'));
    const refunded = matchEvent(PaymentRefunded, (await expectEvents(orderId, ['PaymentAuthorized', 'PaymentCaptured', 'PaymentRefunded']))[2]!)!;
    assert.deepEqual(refunded.data.amount, EUR(8_000));
    assert.deepEqual(refunded.data.refundedTotal, EUR(8_000));
    assert.match(refunded.data.refundId, /^rfd_/);
    assert.equal(refunded.data.reason, 'Order cancelled: customer request');
    assert.equal((await paymentRow(dataSource, orderId))?.status, 'REFUNDED');
  });

  test('cancelling an authorized order voids the payment', async () => {
    const { customerId, methodId } = await customerWithCard(CARDS.visa);
    const orderId = newOrderId();
    await publish(paymentRequested(orderId, customerId, methodId));
    await expectEvents(orderId, ['PaymentAuthorized']);
    await publish(orderCancelled(orderId, customerId, 'PAYMENT_DEADLINE_PASSED'));
    const [, voided] = await expectEvents(orderId, ['PaymentAuthorized', 'PaymentVoided']);
    assert.equal(matchEvent(PaymentVoided, voided!)!.data.orderId, orderId);
    assert.deepEqual(await transactionsOf(dataSource, orderId), ['AUTHORIZATION:SUCCEEDED', 'VOID:SUCCEEDED']);
  });

  test('every event delivered twice and the confirmation before the request still make one authorization and one capture', async () => {
    const { customerId, methodId } = await customerWithCard(CARDS.visa);
    const orderId = newOrderId();
    const requested = paymentRequested(orderId, customerId, methodId);
    const confirmed = orderConfirmed(orderId, customerId);
    // The same envelopes twice, then the request again under a new event id, as a republishing producer would.
    const republished = paymentRequested(orderId, customerId, methodId);
    await publish(confirmed, confirmed, requested, requested, republished);
    await handled(republished);

    await expectEvents(orderId, ['PaymentAuthorized', 'PaymentCaptured']);
    assert.deepEqual(await gatewayCounts(dataSource, orderId), { AUTHORIZE: 1, CAPTURE: 1 });
    assert.deepEqual(
      (await gatewayOperationsOf(dataSource, orderId)).map((op) => op.attempts),
      [1, 1],
      'no repeated gateway call at all',
    );
    assert.deepEqual(await transactionsOf(dataSource, orderId), ['AUTHORIZATION:SUCCEEDED', 'CAPTURE:SUCCEEDED']);
    // Whatever the relay still had to publish is out by now.
    await relay.flush();
    await new Promise((resolve) => setTimeout(resolve, 500));
    assert.deepEqual(typesOf(orderId), ['PaymentAuthorized', 'PaymentCaptured']);
  });

  test('a PaymentRequested arriving after OrderCancelled authorizes nothing', async () => {
    const { customerId, methodId } = await customerWithCard(CARDS.visa);
    const orderId = newOrderId();
    const requested = paymentRequested(orderId, customerId, methodId);
    await publish(orderCancelled(orderId, customerId, 'OUT_OF_STOCK'), requested);
    await handled(requested);
    assert.equal(await paymentRow(dataSource, orderId), undefined);
    assert.deepEqual(await gatewayCounts(dataSource, orderId), {});
    await relay.flush();
    await new Promise((resolve) => setTimeout(resolve, 500));
    assert.deepEqual(typesOf(orderId), []);
  });
});
