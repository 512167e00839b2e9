import { startConsumerTable } from '@commerce/events';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer as createNetServer } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import type { Kafka } from 'kafkajs';
import type { DataSource } from 'typeorm';
import { createJwksVerifier, createKafka, newId, type SubgraphServer } from '@commerce/service-kit';
import { errorCodes, gql, infra, testLogger, unique } from '@commerce/testkit';
import type { Deps } from '../src/context.ts';
import { consumerTable, createCatalogEventHandler } from '../src/events/consumers.ts';
import { createServer } from '../src/server.ts';
import { connect, depsFor, discardOutbox, footprint, liveConsumerGroups, newPaymentMethodId, productCreated, testVariant, waitFor } from './support.ts';

const customersDir = fileURLToPath(new URL('../../customers/', import.meta.url));
const tsx = fileURLToPath(new URL('../../../node_modules/.bin/tsx', import.meta.url));

const SAVED = { label: 'Home', recipient: ' Ada Lovelace ', line1: '12 St James Sq', line2: 'Flat 3', city: 'London', postalCode: 'SW1Y 4JH', country: 'gb' };
/** SAVED as an order stores it: trimmed, country upper-cased, no label, absent fields null. */
const SNAPSHOT = { recipient: 'Ada Lovelace', line1: '12 St James Sq', line2: 'Flat 3', city: 'London', region: null, postalCode: 'SW1Y 4JH', country: 'GB', phone: null };

interface Customer {
  id: string;
  headers: Record<string, string>;
}

async function freePort(): Promise<number> {
  const server = createNetServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  if (!address || typeof address === 'string') throw new Error('no port');
  return address.port;
}

// Saved addresses travel from the customers service (its own process, database and outbox
// relay) over customers.events into orders' read model; placeOrder ships to them by id.
describe('placeOrder with a saved address from the customers service', () => {
  const logger = testLogger('orders-saved-address');
  let customersService: ChildProcess;
  let customersUrl: string;
  let dataSource: DataSource;
  let deps: Deps;
  let kafka: Kafka;
  let consumers: { stop: () => Promise<void> };
  let server: SubgraphServer;
  let ordersUrl: string;
  const orderIds: string[] = [];

  /** The customers service as it runs in production: `tsx src/index.ts`, with its outbox relay. */
  async function startCustomers(port: number): Promise<ChildProcess> {
    // Its own process group: tsx runs the service in a child process, and the stop must reach both.
    const child = spawn(tsx, ['src/index.ts'], {
      cwd: customersDir,
      env: {
        ...process.env,
        PORT: String(port),
        HOST: '127.0.0.1',
        LOG_LEVEL: 'warn',
        DATABASE_URL: infra.postgresUrl('customers'),
        KAFKA_BROKERS: infra.kafkaBrokers.join(','),
      },
      stdio: ['ignore', 'ignore', 'inherit'],
      detached: true,
    });
    for (const deadline = Date.now() + 60_000; Date.now() < deadline; await sleep(200)) {
      if (child.exitCode !== null) throw new Error(`customers exited with ${child.exitCode}`);
      if (await fetch(`http://127.0.0.1:${port}/ready`).then((r) => r.ok, () => false)) return child;
    }
    process.kill(-child.pid!, 'SIGKILL');
    throw new Error('customers did not start');
  }

  async function stopCustomers(child: ChildProcess): Promise<void> {
    if (child.exitCode !== null) return;
    const exited = once(child, 'exit');
    process.kill(-child.pid!, 'SIGTERM');
    await Promise.race([exited, sleep(10_000)]);
    if (child.exitCode === null) process.kill(-child.pid!, 'SIGKILL');
  }

  const customers = (who: Customer | undefined, query: string, variables?: Record<string, unknown>) =>
    gql(customersUrl, query, variables, who?.headers ?? {});
  const orders = (who: Customer, query: string, variables?: Record<string, unknown>) => gql(ordersUrl, query, variables, who.headers);

  async function register(): Promise<Customer> {
    const response = await customers(undefined, 'mutation ($i: RegisterInput!) { register(input: $i) { accessToken customer { id } } }', {
      i: { email: `${unique()}@example.com`, password: 'a-long-password', firstName: 'Ada', lastName: 'Lovelace' },
    });
    assert.equal(response.errors, undefined, JSON.stringify(response.errors));
    const { accessToken, customer } = response.data!.register;
    return { id: customer.id, headers: { authorization: `Bearer ${accessToken}` } };
  }

  /** Saves an address through the customers service and waits until orders has heard of it. */
  async function saveAddress(who: Customer, input: Record<string, unknown> = SAVED): Promise<string> {
    const response = await customers(who, 'mutation ($i: AddressInput!) { addAddress(input: $i) { id } }', { i: input });
    assert.equal(response.errors, undefined, JSON.stringify(response.errors));
    const addressId: string = response.data!.addAddress.id;
    await waitFor(async () => (await deps.addresses.find(who.id, addressId)) !== undefined, 30_000, `orders to hear of ${addressId}`);
    return addressId;
  }

  async function fillCart(who: Customer): Promise<void> {
    const variant = testVariant(1500);
    await createCatalogEventHandler(deps)(productCreated([variant]));
    const added = await orders(who, 'mutation ($v: ID!) { addToCart(variantId: $v, quantity: 1) { itemCount } }', { v: variant.variantId });
    assert.equal(added.errors, undefined, JSON.stringify(added.errors));
  }

  async function placeOrder(who: Customer, input: Record<string, unknown>) {
    const response = await orders(
      who,
      `mutation ($i: PlaceOrderInput!) { placeOrder(input: $i) {
        id shippingAddress { recipient line1 line2 city region postalCode country phone }
      } }`,
      { i: { paymentMethodId: newPaymentMethodId(), idempotencyKey: unique('key-'), ...input } },
    );
    const id = response.data?.placeOrder?.id;
    if (id) orderIds.push(id);
    return response;
  }

  const storedAddress = async (orderId: string) =>
    (await dataSource.query('select shipping_address from orders where id = $1', [orderId]))[0]?.shipping_address;

  before(async () => {
    const port = await freePort();
    customersUrl = `http://127.0.0.1:${port}/graphql`;
    customersService = await startCustomers(port);
    dataSource = await connect(logger);
    deps = depsFor(
      dataSource,
      logger,
      createJwksVerifier(`http://127.0.0.1:${port}/.well-known/jwks.json`, { issuer: 'urn:commerce:customers', audience: 'urn:commerce:api' }),
    );
    kafka = createKafka({ clientId: 'orders-saved-address-test', brokers: infra.kafkaBrokers, logger });
    consumers = await startConsumerTable({ kafka, logger, table: consumerTable(deps), groups: await liveConsumerGroups(kafka) });
    server = await createServer(deps);
    ordersUrl = `http://127.0.0.1:${await server.listen(0, '127.0.0.1')}/graphql`;
  });

  after(async () => {
    await server?.close();
    await consumers?.stop();
    if (customersService) await stopCustomers(customersService);
    if (dataSource) {
      await discardOutbox(dataSource, orderIds);
      await dataSource.destroy();
    }
  });

  test('the order keeps a copy of the customer’s own saved address, stored as an inline address would be; later edits and removal leave it alone', async () => {
    const ada = await register();
    const addressId = await saveAddress(ada);
    await fillCart(ada);
    const key = unique('saved-');
    const placed = await placeOrder(ada, { shippingAddressId: addressId, idempotencyKey: key });
    assert.equal(placed.errors, undefined, JSON.stringify(placed.errors));
    const order = placed.data!.placeOrder;
    assert.deepEqual(order.shippingAddress, SNAPSHOT);

    // The same bytes as an order placed with the address itself.
    await fillCart(ada);
    const inline = await placeOrder(ada, { address: SAVED });
    assert.equal(inline.errors, undefined, JSON.stringify(inline.errors));
    assert.deepEqual(await storedAddress(order.id), SNAPSHOT);
    assert.deepEqual(await storedAddress(order.id), await storedAddress(inline.data!.placeOrder.id));

    const edited = await customers(ada, 'mutation ($id: ID!, $i: UpdateAddressInput!) { updateAddress(id: $id, input: $i) { id } }', {
      id: addressId,
      i: { line1: '1 Piccadilly' },
    });
    assert.equal(edited.errors, undefined, JSON.stringify(edited.errors));
    await waitFor(async () => (await deps.addresses.find(ada.id, addressId))?.line1 === '1 Piccadilly', 30_000, 'the edit to reach orders');
    const reread = await orders(ada, 'query ($id: ID!) { order(id: $id) { shippingAddress { line1 } } }', { id: order.id });
    assert.deepEqual(reread.data?.order.shippingAddress, { line1: '12 St James Sq' });

    const removed = await customers(ada, 'mutation ($id: ID!) { removeAddress(id: $id) }', { id: addressId });
    assert.deepEqual(removed.data, { removeAddress: true });
    await waitFor(async () => (await deps.addresses.find(ada.id, addressId)) === undefined, 30_000, 'the removal to reach orders');

    // A retried placeOrder still answers the first order, even though the address is gone now.
    const before = await footprint(dataSource, ada.id);
    const replayed = await placeOrder(ada, { shippingAddressId: addressId, idempotencyKey: key });
    assert.equal(replayed.errors, undefined, JSON.stringify(replayed.errors));
    assert.deepEqual(replayed.data?.placeOrder, { id: order.id, shippingAddress: SNAPSHOT });
    assert.deepEqual(await footprint(dataSource, ada.id), before);

    await fillCart(ada);
    const gone = await placeOrder(ada, { shippingAddressId: addressId });
    assert.deepEqual(errorCodes(gone), ['NOT_FOUND']);
  });

  test('another customer’s address id, an unknown one, both destinations or neither are refused, and nothing is written', async () => {
    const [ada, eve] = [await register(), await register()];
    const adasAddress = await saveAddress(ada, { ...SAVED, line1: '7 Private Rd' });
    await fillCart(eve);
    const before = await footprint(dataSource, eve.id);

    for (const shippingAddressId of [adasAddress, newId('adr')]) {
      const refused = await placeOrder(eve, { shippingAddressId });
      assert.deepEqual(errorCodes(refused), ['NOT_FOUND'], shippingAddressId);
      assert.match(refused.errors![0]!.message, /no saved address with this shippingAddressId/);
      assert.match(refused.errors![0]!.message, /saved a moment ago can take a few seconds/);
      assert.equal(refused.data, null);
    }

    const eveAddress = await saveAddress(eve);
    const both = await placeOrder(eve, { shippingAddressId: eveAddress, address: SAVED });
    assert.deepEqual(errorCodes(both), ['BAD_USER_INPUT']);
    assert.deepEqual((both.errors![0]!.extensions!.fields as { field: string }[]).map((f) => f.field), ['shippingAddressId']);
    assert.match(both.errors![0]!.message, /not both/);
    const neither = await placeOrder(eve, {});
    assert.deepEqual(errorCodes(neither), ['BAD_USER_INPUT']);
    assert.deepEqual((neither.errors![0]!.extensions!.fields as { field: string }[]).map((f) => f.field), ['address']);
    assert.match(neither.errors![0]!.message, /address is required unless you send shippingAddressId/);

    assert.deepEqual(await footprint(dataSource, eve.id), before);
    assert.equal(before.cartLines, 1, 'the cart is still there to order from');
    const own = await placeOrder(eve, { shippingAddressId: eveAddress });
    assert.equal(own.errors, undefined, JSON.stringify(own.errors));
  });
});
