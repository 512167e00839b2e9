import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { DataSource } from 'typeorm';
import { PaymentFailed, PaymentRefunded, matchEvent, type EventEnvelope } from '@commerce/events';
import { assertWithinBudget, testLogger } from '@commerce/testkit';
import type { Deps } from '../src/context.ts';
import { createOrderEventHandler } from '../src/events/consumers.ts';
import { startPaymentSweeper } from '../src/jobs/settle-stalled-payments.ts';
import { GatewayUnavailableError, type PaymentGateway } from '../src/gateway/port.ts';
import { createDatabaseSandboxGateway } from '../src/deps.ts';
import {
  CARDS,
  EUR,
  cardOnFile,
  connect,
  depsFor,
  discardOutbox,
  gatewayCounts,
  gatewayOperationsOf,
  holdOrderLock,
  newCustomerId,
  newOrderId,
  orderCancelled,
  orderConfirmed,
  outboxOf,
  outboxTypes,
  paymentRequested,
  paymentRow,
  transactionsOf,
} from './support.ts';

// The order events go through the same handler the Kafka consumer calls (inbox included);
// only the broker is left out, which saga.test.ts covers. The database is shared with other
// runs, so every assertion is about this suite's own orders and customers.
describe('payments against the real PostgreSQL', () => {
  const logger = testLogger('payments-saga-db');
  let dataSource: DataSource;
  let deps: Deps;
  let onOrderEvent: (event: EventEnvelope) => Promise<void>;
  const orders: string[] = [];
  let statements: string[] | undefined;

  function order(): string {
    const orderId = newOrderId();
    orders.push(orderId);
    return orderId;
  }

  /** Delivers an event the way the consumer does: retried while the gateway is unavailable. */
  async function deliver(event: EventEnvelope, handler = onOrderEvent): Promise<number> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        await handler(event);
        return attempt;
      } catch (err) {
        if (!(err instanceof GatewayUnavailableError) || attempt >= 10) throw err;
      }
    }
  }

  before(async () => {
    dataSource = await connect(logger, { poolSize: 20, onQuery: (sql) => statements?.push(sql) });
    deps = depsFor(dataSource, logger, { sandbox: { transientFailures: 2 } });
    onOrderEvent = createOrderEventHandler(deps);
  });

  after(async () => {
    await discardOutbox(dataSource, orders);
    await dataSource.destroy();
  });

  test('a payment request on an approving card authorizes the total once and emits PaymentAuthorized caused by the request', async () => {
    const customerId = newCustomerId();
    const methodId = await cardOnFile(deps, customerId, CARDS.visa);
    const orderId = order();
    const requested = paymentRequested(orderId, customerId, methodId, EUR(12_345));
    await deliver(requested);

    assert.deepEqual(await paymentRow(dataSource, orderId), {
      id: (await paymentRow(dataSource, orderId))?.id,
      status: 'AUTHORIZED',
      amount: 12_345,
      captured: 0,
      refunded: 0,
      failureCode: null,
    });
    assert.deepEqual(await transactionsOf(dataSource, orderId), ['AUTHORIZATION:SUCCEEDED']);
    const [authorized] = await outboxOf(dataSource, orderId);
    assert.equal(authorized?.eventType, 'PaymentAuthorized');
    assert.equal(authorized?.causationId, requested.eventId);
    assert.equal(authorized?.correlationId, requested.correlationId);
    assert.deepEqual((authorized?.data as { amount: unknown }).amount, EUR(12_345));
    assert.deepEqual(await gatewayCounts(dataSource, orderId), { AUTHORIZE: 1 });
  });

  test('an unknown, removed or other customer\'s payment method fails with PAYMENT_METHOD_NOT_FOUND without asking the gateway', async () => {
    const customerId = newCustomerId();
    const othersMethod = await cardOnFile(deps, newCustomerId(), CARDS.visa);
    const removed = await cardOnFile(deps, customerId, CARDS.visa);
    assert.equal(await deps.paymentMethods.remove(customerId, removed), true);
    for (const methodId of ['pm_01JD3ZK5W7Y8X9Q2R3S4T5V6W7', othersMethod, removed]) {
      const orderId = order();
      await deliver(paymentRequested(orderId, customerId, methodId));
      assert.equal((await paymentRow(dataSource, orderId))?.status, 'FAILED');
      assert.equal((await paymentRow(dataSource, orderId))?.failureCode, 'PAYMENT_METHOD_NOT_FOUND');
      const [failed] = await outboxOf(dataSource, orderId);
      assert.equal(matchEvent(PaymentFailed, failed!)?.data.code, 'PAYMENT_METHOD_NOT_FOUND');
      assert.deepEqual(await gatewayCounts(dataSource, orderId), {});
      assert.deepEqual(await transactionsOf(dataSource, orderId), []);
    }
  });

  test('a declined card fails the payment with the issuer\'s code and a failed authorization', async () => {
    const customerId = newCustomerId();
    for (const [number, code] of [
      [CARDS.insufficientFunds, 'INSUFFICIENT_FUNDS'],
      [CARDS.expired, 'CARD_EXPIRED'],
      [CARDS.declined, 'CARD_DECLINED'],
    ] as const) {
      const orderId = order();
      await deliver(paymentRequested(orderId, customerId, await cardOnFile(deps, customerId, number)));
      assert.equal((await paymentRow(dataSource, orderId))?.failureCode, code);
      assert.deepEqual(await transactionsOf(dataSource, orderId), ['AUTHORIZATION:FAILED']);
      assert.deepEqual(await outboxTypes(dataSource, orderId), ['PaymentFailed']);
    }
  });

  test('a confirmation arriving before the payment request is captured right after the authorization', async () => {
    const customerId = newCustomerId();
    const methodId = await cardOnFile(deps, customerId, CARDS.visa);
    const orderId = order();
    await deliver(orderConfirmed(orderId, customerId));
    assert.equal(await paymentRow(dataSource, orderId), undefined);
    await deliver(paymentRequested(orderId, customerId, methodId));
    assert.equal((await paymentRow(dataSource, orderId))?.status, 'CAPTURED');
    assert.equal((await paymentRow(dataSource, orderId))?.captured, 4999);
    assert.deepEqual(await outboxTypes(dataSource, orderId), ['PaymentAuthorized', 'PaymentCaptured']);
    assert.deepEqual(await gatewayCounts(dataSource, orderId), { AUTHORIZE: 1, CAPTURE: 1 });
  });

  test('a payment requested after the order was cancelled authorizes nothing, however often it arrives', async () => {
    const customerId = newCustomerId();
    const methodId = await cardOnFile(deps, customerId, CARDS.visa);
    const orderId = order();
    await deliver(orderCancelled(orderId, customerId));
    const requested = paymentRequested(orderId, customerId, methodId);
    await deliver(requested);
    await deliver(requested);
    await deliver(paymentRequested(orderId, customerId, methodId));
    assert.equal(await paymentRow(dataSource, orderId), undefined);
    assert.deepEqual(await gatewayCounts(dataSource, orderId), {});
    assert.deepEqual(await outboxTypes(dataSource, orderId), []);
  });

  test('a cancellation recorded while the authorization is in doubt ends voided, with no hold left on the card', async () => {
    const customerId = newCustomerId();
    const methodId = await cardOnFile(deps, customerId, CARDS.visa);
    const orderId = order();
    const requested = paymentRequested(orderId, customerId, methodId);
    // The intent is recorded, then the process dies before calling the gateway.
    await deps.processor.request(requested.data, { consumer: 'payments.orders', event: requested });
    await deliver(orderCancelled(orderId, customerId));
    assert.equal((await paymentRow(dataSource, orderId))?.status, 'VOIDED');
    assert.deepEqual(await outboxTypes(dataSource, orderId), ['PaymentAuthorized', 'PaymentVoided']);
    // The redelivered request changes nothing more.
    await deliver(requested);
    assert.deepEqual(await gatewayCounts(dataSource, orderId), { AUTHORIZE: 1, VOID: 1 });
    assert.deepEqual(await transactionsOf(dataSource, orderId), ['AUTHORIZATION:SUCCEEDED', 'VOID:SUCCEEDED']);
  });

  test('a crash after the gateway authorized but before it was recorded is healed by redelivery without a second authorization', async () => {
    const customerId = newCustomerId();
    const methodId = await cardOnFile(deps, customerId, CARDS.visa);
    const orderId = order();
    const requested = paymentRequested(orderId, customerId, methodId);
    await deps.processor.request(requested.data, { consumer: 'payments.orders', event: requested });
    const token = (await deps.payments.snapshot(orderId)).token!;
    const lost = await deps.gateway.authorize(token, EUR(4999), `${orderId}:authorize`);
    assert.ok(lost.approved);

    await deliver(requested);
    const [operation] = await gatewayOperationsOf(dataSource, orderId);
    assert.deepEqual(operation, { operation: 'AUTHORIZE', status: 'SUCCEEDED', attempts: 2, reference: lost.authorizationId });
    const [transaction] = await dataSource.query(
      'select gateway_reference from payment_transactions t join payments p on p.id = t.payment_id where p.order_id = $1',
      [orderId],
    );
    assert.equal(transaction.gateway_reference, lost.authorizationId);
    assert.deepEqual(await outboxTypes(dataSource, orderId), ['PaymentAuthorized']);
  });

  test('the transient card is authorized once after the gateway failed the first attempts of its key', async () => {
    const customerId = newCustomerId();
    const orderId = order();
    const attempts = await deliver(paymentRequested(orderId, customerId, await cardOnFile(deps, customerId, CARDS.transient)));
    assert.equal(attempts, 3);
    assert.equal((await paymentRow(dataSource, orderId))?.status, 'AUTHORIZED');
    assert.deepEqual(
      (await gatewayOperationsOf(dataSource, orderId)).map(({ operation, attempts: calls }) => [operation, calls]),
      [['AUTHORIZE', 3]],
    );
  });

  test('concurrent duplicate deliveries, under new event ids too, record one authorization and one capture', async () => {
    const customerId = newCustomerId();
    const methodId = await cardOnFile(deps, customerId, CARDS.visa);
    const orderId = order();
    const requested = paymentRequested(orderId, customerId, methodId);
    const confirmed = orderConfirmed(orderId, customerId);
    // A second handler stands for a second consumer group on the same database.
    const other = createOrderEventHandler(deps);
    await Promise.all([
      deliver(requested),
      deliver(requested, other),
      deliver(paymentRequested(orderId, customerId, methodId), other),
      deliver(confirmed),
      deliver(confirmed, other),
      deliver(orderConfirmed(orderId, customerId)),
    ]);
    assert.equal((await paymentRow(dataSource, orderId))?.status, 'CAPTURED');
    assert.deepEqual(await transactionsOf(dataSource, orderId), ['AUTHORIZATION:SUCCEEDED', 'CAPTURE:SUCCEEDED']);
    assert.deepEqual(await gatewayCounts(dataSource, orderId), { AUTHORIZE: 1, CAPTURE: 1 });
    assert.deepEqual(await outboxTypes(dataSource, orderId), ['PaymentAuthorized', 'PaymentCaptured']);
  });

  test('payment requests under two event ids queued behind the order\'s lock create one payment; the later finds it a duplicate', async () => {
    const customerId = newCustomerId();
    const methodId = await cardOnFile(deps, customerId, CARDS.visa);
    const orderId = order();
    const lock = await holdOrderLock(dataSource, orderId);
    const outcomes = Promise.all(
      [1, 2].map(() => {
        const requested = paymentRequested(orderId, customerId, methodId);
        return deps.processor.request(requested.data, { consumer: 'payments.orders', event: requested });
      }),
    );
    try {
      await lock.queued(2);
    } finally {
      await lock.release();
    }
    assert.deepEqual((await outcomes).map((outcome) => outcome.kind).sort(), ['duplicate', 'pending']);
    assert.equal((await paymentRow(dataSource, orderId))?.status, 'PENDING');
  });

  /** A recorded payment request whose authorization the gateway approved, not yet recorded. */
  async function approvedRequest() {
    const customerId = newCustomerId();
    const orderId = order();
    const requested = paymentRequested(orderId, customerId, await cardOnFile(deps, customerId, CARDS.visa));
    const outcome = await deps.processor.request(requested.data, { consumer: 'payments.orders', event: requested });
    assert.ok('state' in outcome);
    const approved = await deps.gateway.authorize(outcome.state.token!, EUR(4999), `${orderId}:authorize`);
    return { customerId, orderId, state: outcome.state, approved };
  }

  test('two recordings of one authorization queued behind the order\'s lock record it once; the later is dropped, not failed', async () => {
    const { orderId, state, approved } = await approvedRequest();
    const lock = await holdOrderLock(dataSource, orderId);
    const recorded = Promise.all([1, 2].map(() => deps.processor.recordAuthorization(state, approved, {})));
    try {
      await lock.queued(2);
    } finally {
      await lock.release();
    }
    const results = await recorded;
    assert.deepEqual(results.map((result) => result.recorded).sort(), [false, true]);
    assert.equal(results.find((result) => result.recorded)?.state?.payment?.status, 'AUTHORIZED');
    assert.deepEqual(await transactionsOf(dataSource, orderId), ['AUTHORIZATION:SUCCEEDED']);
    assert.deepEqual(await outboxTypes(dataSource, orderId), ['PaymentAuthorized']);
  });

  test('a confirmation queued behind the recording of the authorization captures it without authorizing again', async () => {
    const { customerId, orderId, approved } = await approvedRequest();
    assert.ok(approved.approved);
    const lock = await holdOrderLock(dataSource, orderId);
    const confirmed = deliver(orderConfirmed(orderId, customerId));
    try {
      await lock.queued(1);
      // The lock holder stands for the delivery recording the authorization while the confirmation waits.
      await lock.query(`update payments set status = 'AUTHORIZED', authorization_reference = $2 where order_id = $1`, [
        orderId,
        approved.authorizationId,
      ]);
    } finally {
      await lock.release();
    }
    await confirmed;
    assert.equal((await paymentRow(dataSource, orderId))?.status, 'CAPTURED');
    assert.deepEqual(
      (await gatewayOperationsOf(dataSource, orderId)).map(({ operation, attempts }) => [operation, attempts]),
      [
        ['AUTHORIZE', 1],
        ['CAPTURE', 1],
      ],
    );
  });

  test('an approved order costs payments at most 4 statements to authorize and 7 to capture, its transactions included', async () => {
    const customerId = newCustomerId();
    const methodId = await cardOnFile(deps, customerId, CARDS.visa);
    const orderId = order();
    const statementsOf = async (event: EventEnvelope) => {
      statements = [];
      try {
        await deliver(event);
        return statements;
      } finally {
        statements = undefined;
      }
    };
    const authorizing = await statementsOf(paymentRequested(orderId, customerId, methodId));
    const capturing = await statementsOf(orderConfirmed(orderId, customerId));
    assert.equal((await paymentRow(dataSource, orderId))?.status, 'CAPTURED');
    assertWithinBudget(authorizing.length, 4, 'authorizing', authorizing);
    assertWithinBudget(capturing.length, 7, 'capturing', capturing);
  });

  test('the database refuses a second authorization or capture of a payment even past every state check', async () => {
    const customerId = newCustomerId();
    const orderId = order();
    await deliver(orderConfirmed(orderId, customerId));
    await deliver(paymentRequested(orderId, customerId, await cardOnFile(deps, customerId, CARDS.visa)));
    const payment = (await paymentRow(dataSource, orderId))!;
    for (const [kind, status] of [
      ['AUTHORIZATION', 'SUCCEEDED'],
      ['AUTHORIZATION', 'FAILED'],
      ['CAPTURE', 'SUCCEEDED'],
    ]) {
      await assert.rejects(
        dataSource.query(
          `insert into payment_transactions (id, payment_id, kind, status, amount, currency) values ('txn_' || md5(random()::text), $1, $2, $3, 1, 'EUR')`,
          [payment.id, kind, status],
        ),
        (err: { code?: string }) => err.code === '23505',
        `${kind}:${status}`,
      );
    }
    await assert.rejects(
      dataSource.query(`insert into payments (id, order_id, customer_id, amount, currency, status) values ('pay_x' || md5(random()::text), $1, $2, 1, 'EUR', 'PENDING')`, [
        orderId,
        customerId,
      ]),
      (err: { code?: string }) => err.code === '23505',
    );
  });

  test('cancelling a captured order refunds what is left after a partial refund, then nothing more', async () => {
    const customerId = newCustomerId();
    const orderId = order();
    await deliver(paymentRequested(orderId, customerId, await cardOnFile(deps, customerId, CARDS.mastercard), EUR(10_000)));
    await deliver(orderConfirmed(orderId, customerId, EUR(10_000)));
    const { id: paymentId } = (await paymentRow(dataSource, orderId))!;
    await deps.processor.refund(paymentId, EUR(2_500), 'damaged box');
    const cancelled = orderCancelled(orderId, customerId, 'customer changed their mind');
    await deliver(cancelled);
    await deliver(cancelled);
    await deliver(orderCancelled(orderId, customerId, 'again'));

    assert.deepEqual(await paymentRow(dataSource, orderId), {
      id: paymentId,
      status: 'REFUNDED',
      amount: 10_000,
      captured: 10_000,
      refunded: 10_000,
      failureCode: null,
    });
    const refunds = (await outboxOf(dataSource, orderId)).flatMap((event) => matchEvent(PaymentRefunded, event) ?? []);
    assert.deepEqual(
      refunds.map((event) => [event.data.amount.amount, event.data.refundedTotal.amount, event.data.reason]),
      [
        [2_500, 2_500, 'damaged box'],
        [7_500, 10_000, 'Order cancelled: customer changed their mind'],
      ],
    );
    assert.deepEqual(await gatewayCounts(dataSource, orderId), { AUTHORIZE: 1, CAPTURE: 1, REFUND: 2 });
  });

  test('an admin refund the gateway cannot take now stays PENDING and the sweeper completes it once', async () => {
    let refundsDown = true;
    const sandbox = createDatabaseSandboxGateway(dataSource, { latencyMs: { min: 0, max: 0 } });
    const flaky: PaymentGateway = {
      ...sandbox,
      name: sandbox.name,
      refund: (...args) => (refundsDown ? Promise.reject(new GatewayUnavailableError('down')) : sandbox.refund(...args)),
    };
    const flakyDeps = depsFor(dataSource, logger, { gateway: flaky });
    const customerId = newCustomerId();
    const orderId = order();
    const handler = createOrderEventHandler(flakyDeps);
    await deliver(paymentRequested(orderId, customerId, await cardOnFile(flakyDeps, customerId, CARDS.visa)), handler);
    await deliver(orderConfirmed(orderId, customerId), handler);
    const { id: paymentId } = (await paymentRow(dataSource, orderId))!;

    const returned = await flakyDeps.processor.refund(paymentId, EUR(1_000), 'goodwill');
    assert.equal(returned.status, 'CAPTURED');
    assert.deepEqual(
      (await flakyDeps.payments.refundsOf([paymentId]))[0]?.map((refund) => [refund.amount, refund.status]),
      [[1_000, 'PENDING']],
    );
    // A second request sees the pending refund as already given back.
    await assert.rejects(flakyDeps.processor.refund(paymentId, EUR(4_000), 'too much'), /At most 39\.99 EUR/);

    refundsDown = false;
    const sweeper = startPaymentSweeper({ ...flakyDeps, logger, intervalMs: 3_600_000, stallAfterMs: 0, batchSize: 10_000 });
    try {
      assert.ok((await sweeper.sweep()).includes(orderId));
      await sweeper.sweep();
    } finally {
      await sweeper.stop();
    }
    assert.equal((await paymentRow(dataSource, orderId))?.status, 'PARTIALLY_REFUNDED');
    assert.equal((await paymentRow(dataSource, orderId))?.refunded, 1_000);
    assert.deepEqual(await gatewayCounts(dataSource, orderId), { AUTHORIZE: 1, CAPTURE: 1, REFUND: 1 });
    assert.deepEqual(await outboxTypes(dataSource, orderId), ['PaymentAuthorized', 'PaymentCaptured', 'PaymentRefunded']);
  });

  test('the sweeper authorizes a payment whose request was recorded but never settled (its event went to the dead-letter topic)', async () => {
    const customerId = newCustomerId();
    const orderId = order();
    const requested = paymentRequested(orderId, customerId, await cardOnFile(deps, customerId, CARDS.visa));
    await deps.processor.request(requested.data, { consumer: 'payments.orders', event: requested });
    const sweeper = startPaymentSweeper({ ...deps, logger, intervalMs: 3_600_000, stallAfterMs: 0, batchSize: 10_000 });
    try {
      assert.ok((await sweeper.sweep()).includes(orderId));
    } finally {
      await sweeper.stop();
    }
    assert.equal((await paymentRow(dataSource, orderId))?.status, 'AUTHORIZED');
    const [authorized] = await outboxOf(dataSource, orderId);
    // No event caused it, but it still belongs to the order's saga.
    assert.equal(authorized?.correlationId, requested.correlationId);
  });
});
