import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import { pino } from 'pino';
import type { DataSource } from 'typeorm';
import type { SubgraphServer } from '@commerce/service-kit';
import { createTestIssuer, errorCodes, gql, unique } from '@commerce/testkit';
import type { Deps } from '../src/context.ts';
import { createOrderEventHandler } from '../src/events/consumers.ts';
import { createServer } from '../src/server.ts';
import { CARDS, EUR, connect, depsFor, discardOutbox, newCustomerId, newOrderId, orderConfirmed, paymentRequested, paymentRow } from './support.ts';

const METHOD = 'id brand last4 expMonth expYear holderName isDefault createdAt';
const PAYMENT = `id order { id } status amount { amount minorUnits currencyCode } capturedAmount { amount } refundedAmount { amount }
  method { brand last4 } transactions { kind status amount { amount } gatewayReference } refunds { amount { amount } reason status }
  failureCode failureMessage`;

describe('payments subgraph over GraphQL', () => {
  // Everything the service logs, at every level, to search it for card numbers.
  const logLines: string[] = [];
  const logger = pino(
    { level: 'trace' },
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        logLines.push(chunk.toString());
        done();
      },
    }),
  );
  let dataSource: DataSource;
  let deps: Deps;
  let server: SubgraphServer;
  let baseUrl: string;
  let url: string;
  let queries: string[] = [];
  const orders: string[] = [];
  type Who = 'anonymous' | 'alice' | 'bob' | 'admin';
  const ids = { alice: newCustomerId(), bob: newCustomerId(), admin: newCustomerId() };
  const headers: Record<Who, Record<string, string>> = { anonymous: {}, alice: {}, bob: {}, admin: {} };

  const as = (who: Who, query: string, variables?: Record<string, unknown>) => gql(url, query, variables, headers[who]);

  async function tokenize(number: string, overrides: Record<string, unknown> = {}) {
    const response = await fetch(`${baseUrl}/sandbox-gateway/tokens`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ number, expMonth: 12, expYear: 2040, cvc: '123', holderName: 'Alice Liddell', ...overrides }),
    });
    return { status: response.status, body: (await response.json()) as Record<string, any> };
  }

  async function addCard(who: Who, number: string, setDefault = false) {
    const { body } = await tokenize(number);
    const response = await as(who, `mutation ($input: AddPaymentMethodInput!) { addPaymentMethod(input: $input) { ${METHOD} } }`, {
      input: { token: body.token, setDefault },
    });
    assert.equal(response.errors, undefined, JSON.stringify(response.errors));
    return response.data!.addPaymentMethod;
  }

  const methodsOf = (who: Who, customerId: string) =>
    as(who, `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Customer { paymentMethods { ${METHOD} } } } }`, {
      r: [{ __typename: 'Customer', id: customerId }],
    });

  /** An order of `who` whose payment is authorized (or captured when `confirm`), through the saga's handler. */
  async function paidOrder(who: 'alice' | 'bob', options: { confirm?: boolean; amount?: number } = {}) {
    const customerId = ids[who];
    const method = await addCard(who, CARDS.visa);
    const orderId = newOrderId();
    orders.push(orderId);
    const handle = createOrderEventHandler(deps);
    const amount = EUR(options.amount ?? 4999);
    await handle(paymentRequested(orderId, customerId, method.id, amount));
    if (options.confirm) await handle(orderConfirmed(orderId, customerId, amount));
    const payment = (await paymentRow(dataSource, orderId))!;
    return { orderId, paymentId: payment.id };
  }

  async function rowCounts() {
    const [row] = await dataSource.query(
      `select (select count(*)::int from payment_methods where customer_id = any($1::text[])) as methods,
              (select count(*)::int from payments where customer_id = any($1::text[])) as payments,
              (select count(*)::int from refunds r join payments p on p.id = r.payment_id where p.customer_id = any($1::text[])) as refunds,
              (select count(*)::int from payment_transactions t join payments p on p.id = t.payment_id where p.customer_id = any($1::text[])) as transactions,
              (select count(*)::int from outbox where message_key = any($2::text[])) as events,
              (select count(*)::int from gateway_operations where split_part(idempotency_key, ':', 1) = any($2::text[])) as operations`,
      [Object.values(ids), orders],
    );
    return row;
  }

  before(async () => {
    const issuer = await createTestIssuer();
    dataSource = await connect(logger, { onQuery: (sql) => queries.push(sql) });
    deps = depsFor(dataSource, logger, { verifyToken: issuer.verifyToken });
    server = await createServer(deps);
    baseUrl = `http://127.0.0.1:${await server.listen(0, '127.0.0.1')}`;
    url = `${baseUrl}/graphql`;
    headers.alice = { authorization: await issuer.bearer({ id: ids.alice, roles: ['CUSTOMER'] }) };
    headers.bob = { authorization: await issuer.bearer({ id: ids.bob, roles: ['CUSTOMER'] }) };
    headers.admin = { authorization: await issuer.bearer({ id: ids.admin, roles: ['CUSTOMER', 'ADMIN'] }) };
  });

  after(async () => {
    await server.close();
    await discardOutbox(dataSource, orders);
    await dataSource.destroy();
  });

  test('a card tokenized over HTTP is added by its token alone, and its number is nowhere in the database or the logs', async () => {
    const tokenized = await tokenize(CARDS.visa, { holderName: 'Alice Liddell' });
    assert.equal(tokenized.status, 201);
    assert.match(tokenized.body.token, /^tok_/);
    assert.deepEqual(tokenized.body.card, { brand: 'VISA', last4: '4242', expMonth: 12, expYear: 2040 });

    const added = await as('alice', `mutation ($token: String!) { addPaymentMethod(input: { token: $token }) { ${METHOD} } }`, {
      token: tokenized.body.token,
    });
    assert.equal(added.errors, undefined);
    assert.deepEqual({ ...added.data?.addPaymentMethod, id: undefined, createdAt: undefined }, {
      id: undefined,
      brand: 'VISA',
      last4: '4242',
      expMonth: 12,
      expYear: 2040,
      holderName: 'Alice Liddell',
      isDefault: true,
      createdAt: undefined,
    });
    // The number also travels where it must be refused: a bad card, and a client sending it as the token.
    assert.equal((await tokenize(`${CARDS.visa.slice(0, -1)}1`)).status, 400);
    const misuse = await as('alice', `mutation ($token: String!) { addPaymentMethod(input: { token: $token }) { id } }`, { token: CARDS.visa });
    assert.deepEqual(errorCodes(misuse), ['BAD_USER_INPUT']);
    assert.doesNotMatch(JSON.stringify(misuse), new RegExp(CARDS.visa));
    // And it pays for an order, so the payment tables and events have had their chance too.
    await paidOrder('alice', { confirm: true });

    const columns: { table_name: string; column_name: string }[] = await dataSource.query(
      `select table_name, column_name from information_schema.columns
        where table_schema = 'public' and data_type in ('text', 'character varying', 'character', 'json', 'jsonb')`,
    );
    assert.ok(columns.some((c) => c.table_name === 'gateway_tokens') && columns.some((c) => c.table_name === 'outbox'));
    for (const { table_name: table, column_name: column } of columns) {
      const [{ hits }] = await dataSource.query(
        `select count(*)::int as hits from "${table}" where position($1 in "${column}"::text) > 0`,
        [CARDS.visa],
      );
      assert.equal(hits, 0, `${table}.${column} holds the card number`);
    }
    assert.ok(logLines.some((line) => line.includes('card tokenized')), 'the logs were captured');
    assert.equal(logLines.filter((line) => line.includes(CARDS.visa)).length, 0, 'a log line holds the card number');
    // The gateway token itself is never served either.
    const fields = await gql(url, '{ __type(name: "PaymentMethod") { fields { name } } }');
    assert.ok(!JSON.stringify(fields.data).toLowerCase().includes('token'));
  });

  test('the sandbox token endpoint answers CORS for the allowed storefront origins only', async () => {
    const preflight = (origin: string) =>
      fetch(`${baseUrl}/sandbox-gateway/tokens`, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' } });
    const allowed = await preflight('http://127.0.0.1:5173');
    assert.equal(allowed.status, 204);
    assert.equal(allowed.headers.get('access-control-allow-origin'), 'http://127.0.0.1:5173');
    assert.match(allowed.headers.get('access-control-allow-headers') ?? '', /content-type/);
    const other = await preflight('http://evil.example');
    assert.equal(other.headers.get('access-control-allow-origin'), null);
    const posted = await fetch(`${baseUrl}/sandbox-gateway/tokens`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'http://localhost:5173' },
      body: JSON.stringify({ number: CARDS.visa, expMonth: 12, expYear: 2035, cvc: '123', holderName: 'Alice Liddell' }),
    });
    assert.equal(posted.status, 201);
    assert.equal(posted.headers.get('access-control-allow-origin'), 'http://localhost:5173');
  });

  test('customers list their cards oldest first, pick a default and remove cards; removing the default promotes the newest', async () => {
    const customerId = ids.bob;
    const first = await addCard('bob', CARDS.visa);
    const second = await addCard('bob', CARDS.mastercard);
    const third = await addCard('bob', CARDS.visa, true);
    assert.deepEqual([first.isDefault, second.isDefault, third.isDefault], [true, false, true]);
    const listed = async () =>
      ((await methodsOf('bob', customerId)).data?._entities[0].paymentMethods as { id: string; isDefault: boolean }[]).map((m) => [
        m.id,
        m.isDefault,
      ]);
    assert.deepEqual(await listed(), [
      [first.id, false],
      [second.id, false],
      [third.id, true],
    ]);

    const chosen = await as('bob', `mutation ($id: ID!) { setDefaultPaymentMethod(id: $id) { id isDefault } }`, { id: first.id });
    assert.deepEqual(chosen.data?.setDefaultPaymentMethod, { id: first.id, isDefault: true });
    assert.deepEqual(await listed(), [
      [first.id, true],
      [second.id, false],
      [third.id, false],
    ]);

    const removed = await as('bob', `mutation ($id: ID!) { removePaymentMethod(id: $id) }`, { id: first.id });
    assert.equal(removed.data?.removePaymentMethod, true);
    assert.deepEqual(await listed(), [
      [second.id, false],
      [third.id, true],
    ]);
    const again = await as('bob', `mutation ($id: ID!) { removePaymentMethod(id: $id) }`, { id: first.id });
    assert.deepEqual(errorCodes(again), ['NOT_FOUND']);
  });

  test('card details with a NUL or a lone surrogate in holderName get 400 BAD_USER_INPUT naming the field, and no token is stored', async () => {
    const tokens = async () => Number((await dataSource.query('select count(*)::int as n from gateway_tokens'))[0].n);
    const before = await tokens();
    for (const holderName of ['Alice\u0000Liddell', 'Alice\ud800Liddell']) {
      const refused = await tokenize(CARDS.visa, { holderName });
      assert.equal(refused.status, 400, JSON.stringify(refused.body));
      assert.equal(refused.body.error.code, 'BAD_USER_INPUT');
      assert.deepEqual(refused.body.error.fields.map((f: { field: string }) => f.field), ['holderName']);
      assert.match(refused.body.error.message, /^holderName contains/);
    }
    assert.equal(await tokens(), before);
  });

  test('invalid cards get 400 naming the fields; unknown tokens and expired cards get BAD_USER_INPUT and nothing is written', async () => {
    const invalid = await tokenize('4242424242424241', { expMonth: 13, cvc: 'abc' });
    assert.equal(invalid.status, 400);
    assert.deepEqual(
      invalid.body.error.fields.map((f: { field: string }) => f.field),
      ['number', 'expMonth', 'cvc'],
    );
    const malformed = await fetch(`${baseUrl}/sandbox-gateway/tokens`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{' });
    assert.equal(malformed.status, 400);

    const before = await rowCounts();
    const add = (token: string) => as('alice', `mutation ($token: String!) { addPaymentMethod(input: { token: $token }) { id } }`, { token });
    const unknown = await add('tok_01JD3ZK5W7Y8X9Q2R3S4T5V6W7');
    assert.deepEqual(errorCodes(unknown), ['BAD_USER_INPUT']);
    assert.equal(unknown.errors?.[0]?.extensions?.fields && (unknown.errors[0].extensions.fields as { field: string }[])[0]?.field, 'token');
    const expired = await tokenize(CARDS.visa, { expMonth: 1, expYear: 2020 });
    assert.equal(expired.status, 201);
    const refused = await add(expired.body.token);
    assert.deepEqual(errorCodes(refused), ['BAD_USER_INPUT']);
    assert.match(refused.errors![0]!.message, /expired in 01\/2020/);
    assert.deepEqual(errorCodes(await add('')), ['BAD_USER_INPUT']);
    const anonymous = await gql(url, `mutation { addPaymentMethod(input: { token: "${expired.body.token}" }) { id } }`);
    assert.deepEqual(errorCodes(anonymous), ['UNAUTHENTICATED']);
    assert.deepEqual(await rowCounts(), before);
  });

  test('cards on file are for their owner and admins: another customer gets FORBIDDEN, anonymous UNAUTHENTICATED, and neither changes them', async () => {
    const card = await addCard('alice', CARDS.mastercard);
    for (const [who, code] of [
      ['bob', 'FORBIDDEN'],
      ['anonymous', 'UNAUTHENTICATED'],
    ] as const) {
      const response = await methodsOf(who, ids.alice);
      assert.deepEqual(errorCodes(response), [code], who);
      assert.deepEqual(response.data?._entities, [{ paymentMethods: null }], who);
      const entity = await as(who, `query ($r: [_Any!]!) { _entities(representations: $r) { ... on PaymentMethod { last4 } } }`, {
        r: [{ __typename: 'PaymentMethod', id: card.id }],
      });
      assert.deepEqual(errorCodes(entity), [code], who);
      for (const mutation of ['removePaymentMethod(id: $id)', 'setDefaultPaymentMethod(id: $id) { id }']) {
        assert.deepEqual(errorCodes(await as(who, `mutation ($id: ID!) { ${mutation} }`, { id: card.id })), [code], `${who} ${mutation}`);
      }
    }
    const own = await methodsOf('alice', ids.alice);
    assert.ok(own.data?._entities[0].paymentMethods.some((m: { id: string }) => m.id === card.id));
    const byAdmin = await methodsOf('admin', ids.alice);
    assert.equal(byAdmin.errors, undefined);
    assert.deepEqual(
      byAdmin.data?._entities[0].paymentMethods.map((m: { id: string }) => m.id),
      own.data?._entities[0].paymentMethods.map((m: { id: string }) => m.id),
    );
  });

  test('an order\'s payment is for the customer who pays and admins; others get FORBIDDEN, anonymous UNAUTHENTICATED', async () => {
    const { orderId, paymentId } = await paidOrder('alice');
    const viaOrder = (who: Who) =>
      as(who, `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Order { id payment { ${PAYMENT} } } } }`, {
        r: [{ __typename: 'Order', id: orderId }],
      });
    const viaPayment = (who: Who) =>
      as(who, `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Payment { id status } } }`, {
        r: [{ __typename: 'Payment', id: paymentId }],
      });
    const viaQuery = (who: Who) => as(who, `query ($id: ID!) { payment(id: $id) { id status } }`, { id: paymentId });

    const own = await viaOrder('alice');
    assert.equal(own.errors, undefined);
    const payment = own.data?._entities[0].payment;
    assert.deepEqual({ ...payment, transactions: undefined }, {
      id: paymentId,
      order: { id: orderId },
      status: 'AUTHORIZED',
      amount: { amount: '49.99', minorUnits: '4999', currencyCode: 'EUR' },
      capturedAmount: { amount: '0.00' },
      refundedAmount: { amount: '0.00' },
      method: { brand: 'VISA', last4: '4242' },
      transactions: undefined,
      refunds: [],
      failureCode: null,
      failureMessage: null,
    });
    assert.deepEqual(
      payment.transactions.map((t: { kind: string; status: string; amount: { amount: string } }) => [t.kind, t.status, t.amount.amount]),
      [['AUTHORIZATION', 'SUCCEEDED', '49.99']],
    );
    assert.match(payment.transactions[0].gatewayReference, /^auth_/);

    assert.deepEqual((await viaOrder('admin')).data?._entities[0].payment.id, paymentId);
    assert.deepEqual((await viaPayment('alice')).data?._entities, [{ id: paymentId, status: 'AUTHORIZED' }]);
    assert.deepEqual((await viaQuery('admin')).data?.payment, { id: paymentId, status: 'AUTHORIZED' });
    for (const [who, code] of [
      ['bob', 'FORBIDDEN'],
      ['anonymous', 'UNAUTHENTICATED'],
    ] as const) {
      const response = await viaOrder(who);
      assert.deepEqual(errorCodes(response), [code], who);
      assert.deepEqual(response.data?._entities, [{ id: orderId, payment: null }], who);
      assert.deepEqual(errorCodes(await viaPayment(who)), [code], who);
      assert.deepEqual(errorCodes(await viaQuery(who)), [code], who);
    }
    // An order payments never heard of has no payment.
    const unknown = await as('bob', `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Order { payment { id } } } }`, {
      r: [{ __typename: 'Order', id: newOrderId() }],
    });
    assert.deepEqual(unknown.data?._entities, [{ payment: null }]);
  });

  test('_entities resolves payments in request order, null for unknown ids, in one query per table', async () => {
    const first = await paidOrder('alice');
    const second = await paidOrder('alice');
    queries = [];
    const response = await as('admin', `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Payment { id transactions { kind } } } }`, {
      r: [second.paymentId, 'pay_01JD3ZK5W7Y8X9Q2R3S4T5V6W7', first.paymentId].map((id) => ({ __typename: 'Payment', id })),
    });
    assert.equal(response.errors, undefined);
    assert.deepEqual(response.data?._entities, [
      { id: second.paymentId, transactions: [{ kind: 'AUTHORIZATION' }] },
      null,
      { id: first.paymentId, transactions: [{ kind: 'AUTHORIZATION' }] },
    ]);
    assert.equal(queries.filter((sql) => /from "?payments"?\s/i.test(sql)).length, 1);
    assert.equal(queries.filter((sql) => /from "payment_transactions"/i.test(sql)).length, 1);
  });

  test('admins capture an authorized payment once; capturing again returns it unchanged; customers cannot capture', async () => {
    const { orderId, paymentId } = await paidOrder('alice');
    const capture = (who: Who) => as(who, `mutation ($id: ID!) { capturePayment(paymentId: $id) { ${PAYMENT} } }`, { id: paymentId });
    assert.deepEqual(errorCodes(await capture('alice')), ['FORBIDDEN']);
    assert.deepEqual(errorCodes(await capture('anonymous')), ['UNAUTHENTICATED']);
    assert.equal((await paymentRow(dataSource, orderId))?.status, 'AUTHORIZED');

    const captured = await capture('admin');
    assert.equal(captured.errors, undefined);
    assert.equal(captured.data?.capturePayment.status, 'CAPTURED');
    assert.deepEqual(captured.data?.capturePayment.capturedAmount, { amount: '49.99' });
    const repeated = await capture('admin');
    assert.equal(repeated.errors, undefined);
    assert.deepEqual(repeated.data?.capturePayment, captured.data?.capturePayment);
    assert.deepEqual(
      captured.data?.capturePayment.transactions.map((t: { kind: string }) => t.kind),
      ['AUTHORIZATION', 'CAPTURE'],
    );
  });

  test('admins refund partially up to the captured amount; more is a CONFLICT, and so is refunding an uncaptured payment', async () => {
    const { paymentId } = await paidOrder('bob', { confirm: true, amount: 10_000 });
    const refund = (amount: string | null, reason = 'damaged') =>
      as('admin', `mutation ($id: ID!, $amount: MoneyInput, $reason: String!) { refundPayment(paymentId: $id, amount: $amount, reason: $reason) { ${PAYMENT} } }`, {
        id: paymentId,
        amount: amount === null ? null : { amount, currencyCode: 'EUR' },
        reason,
      });

    const partial = await refund('30.00');
    assert.equal(partial.errors, undefined);
    assert.equal(partial.data?.refundPayment.status, 'PARTIALLY_REFUNDED');
    assert.deepEqual(partial.data?.refundPayment.refundedAmount, { amount: '30.00' });
    const tooMuch = await refund('70.01');
    assert.deepEqual(errorCodes(tooMuch), ['CONFLICT']);
    assert.match(tooMuch.errors![0]!.message, /At most 70\.00 EUR/);
    const rest = await refund(null, 'rest');
    assert.equal(rest.errors, undefined);
    assert.equal(rest.data?.refundPayment.status, 'REFUNDED');
    assert.deepEqual(rest.data?.refundPayment.refundedAmount, { amount: '100.00' });
    assert.deepEqual(
      rest.data?.refundPayment.refunds.map((r: { amount: { amount: string }; reason: string; status: string }) => [r.amount.amount, r.reason, r.status]),
      [
        ['30.00', 'damaged', 'SUCCEEDED'],
        ['70.00', 'rest', 'SUCCEEDED'],
      ],
    );
    assert.deepEqual(errorCodes(await refund('0.01')), ['CONFLICT']);

    const uncaptured = await paidOrder('bob');
    const early = await as('admin', `mutation ($id: ID!) { refundPayment(paymentId: $id, reason: "x") { id } }`, { id: uncaptured.paymentId });
    assert.deepEqual(errorCodes(early), ['CONFLICT']);
    assert.match(early.errors![0]!.message, /captured/);
    const byCustomer = await as('bob', `mutation ($id: ID!) { refundPayment(paymentId: $id, reason: "x") { id } }`, { id: paymentId });
    assert.deepEqual(errorCodes(byCustomer), ['FORBIDDEN']);
  });

  test('bad input to payment mutations is refused with BAD_USER_INPUT naming the fields, and nothing is written', async () => {
    const { paymentId } = await paidOrder('alice', { confirm: true });
    const before = await rowCounts();
    const cases: [string, Record<string, unknown>, string[]][] = [
      ['mutation ($id: ID!) { capturePayment(paymentId: $id) { id } }', { id: 'ord_123' }, ['paymentId']],
      ['mutation ($id: ID!) { removePaymentMethod(id: $id) }', { id: unique('nope') }, ['id']],
      [
        'mutation ($id: ID!, $amount: MoneyInput) { refundPayment(paymentId: $id, amount: $amount, reason: " ") { id } }',
        { id: paymentId, amount: { amount: '1.001', currencyCode: 'EUR' } },
        ['amount.amount', 'reason'],
      ],
      [
        'mutation ($id: ID!, $amount: MoneyInput) { refundPayment(paymentId: $id, amount: $amount, reason: "r") { id } }',
        { id: paymentId, amount: { amount: '-5', currencyCode: 'EURO' } },
        ['amount.currencyCode'],
      ],
      [
        'mutation ($id: ID!, $amount: MoneyInput) { refundPayment(paymentId: $id, amount: $amount, reason: "r") { id } }',
        { id: paymentId, amount: { amount: '5.00', currencyCode: 'USD' } },
        ['amount.currencyCode'],
      ],
    ];
    for (const [query, variables, fields] of cases) {
      const response = await as('admin', query, variables);
      assert.deepEqual(errorCodes(response), ['BAD_USER_INPUT'], query);
      assert.deepEqual(
        (response.errors![0]!.extensions!.fields as { field: string }[]).map((f) => f.field),
        fields,
        query,
      );
    }
    const missing = await as('admin', 'mutation { capturePayment(paymentId: "pay_01JD3ZK5W7Y8X9Q2R3S4T5V6W7") { id } }');
    assert.deepEqual(errorCodes(missing), ['NOT_FOUND']);
    assert.deepEqual(await rowCounts(), before);
  });
});
