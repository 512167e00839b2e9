import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import pg from 'pg';
import type { DataSource } from 'typeorm';
import { CustomerAddressRemoved, CustomerAddressSaved, matchEvent, type EventEnvelope } from '@commerce/events';
import { createPostgresDataSource, type SubgraphServer } from '@commerce/service-kit';
import { errorCodes, gql, gqlFrom, infra, randomLoopbackAddress, testLogger, unique } from '@commerce/testkit';
import { generateSigningJwk, signingKeysFrom } from '../src/auth/keys.ts';
import { createDeps } from '../src/deps.ts';
import { createServer } from '../src/server.ts';
import { entities, migrations } from '../src/store/customer-store.ts';

const ROUTER_SIGNING_SECRET = `customers-test-secret-${unique()}`;
const LOGIN = 'mutation ($input: LoginInput!) { login(input: $input) { accessToken refreshToken } }';

describe('customers subgraph against PostgreSQL', () => {
  let dataSource: DataSource;
  let pool: pg.Pool;
  let server: SubgraphServer;
  let url: string;
  let jwksUrl: string;
  let queries: string[] = [];
  /** Sign-in slowdowns the throttle asked for, recorded instead of waited out. */
  const slowdowns: number[] = [];

  before(async () => {
    const logger = testLogger('customers');
    dataSource = await createPostgresDataSource({
      url: infra.postgresUrl('customers'),
      applicationName: 'customers',
      entities,
      migrations,
      logger,
      // Records the statements the subgraph sends, to prove reference batching.
      onQuery: (sql) => queries.push(sql),
    });
    pool = new pg.Pool({ connectionString: infra.postgresUrl('customers'), max: 2 });
    const deps = await createDeps({
      dataSource,
      pool,
      logger,
      keys: await signingKeysFrom([await generateSigningJwk()]),
      tokenSettings: { issuer: 'urn:commerce:customers', audience: 'urn:commerce:api' },
      throttle: { accountAddressFailures: 5, addressFailures: 50, windowSeconds: 60, slowAfter: 2, slowStepMs: 10, slowMaxMs: 40 },
      throttleSleep: async (ms) => {
        slowdowns.push(ms);
      },
      sessionCacheSeconds: 1,
      routerSigningSecret: ROUTER_SIGNING_SECRET,
    });
    server = await createServer(deps);
    const port = await server.listen(0, '127.0.0.1');
    url = `http://127.0.0.1:${port}/graphql`;
    jwksUrl = `http://127.0.0.1:${port}/.well-known/jwks.json`;
  });

  after(async () => {
    await server.close();
    await Promise.all([dataSource.destroy(), pool.end()]);
  });

  const register = async (firstName: string) =>
    (
      await gql(url, 'mutation ($input: RegisterInput!) { register(input: $input) { customer { id } } }', {
        input: { email: `${unique()}@example.com`, password: 'a-long-password', firstName, lastName: 'Test' },
      })
    ).data!.register.customer.id as string;

  /** A registered customer and the headers that sign them in. */
  const signUp = async () => {
    const response = await gql(url, 'mutation ($input: RegisterInput!) { register(input: $input) { accessToken customer { id } } }', {
      input: { email: `${unique()}@example.com`, password: 'a-long-password', firstName: 'Ada', lastName: 'Test' },
    });
    const { accessToken, customer } = response.data!.register;
    return { id: customer.id as string, headers: { authorization: `Bearer ${accessToken}` } };
  };

  /** Signs in from the given client address (the socket's own: no router in front). */
  const loginFrom = (address: string, email: string, password: string) => gqlFrom(address, url, LOGIN, { input: { email, password } });

  const registerWithEmail = async () => {
    const email = `${unique()}@example.com`;
    const response = await gql(url, 'mutation ($input: RegisterInput!) { register(input: $input) { accessToken refreshToken } }', {
      input: { email, password: 'a-long-password', firstName: 'Ada', lastName: 'Test' },
    });
    assert.equal(response.errors, undefined, JSON.stringify(response.errors));
    return { email, ...(response.data!.register as { accessToken: string; refreshToken: string }) };
  };

  test('five wrong passwords from one address lock the account there only: its owner signs in from another address', async () => {
    const { email } = await registerWithEmail();
    const [attacker, owner] = [randomLoopbackAddress(), randomLoopbackAddress()];
    for (let i = 0; i < 5; i++) {
      assert.deepEqual(errorCodes(await loginFrom(attacker, email, 'wrong-password')), ['UNAUTHENTICATED'], `attempt ${i + 1}`);
    }
    const locked = await loginFrom(attacker, email, 'a-long-password');
    assert.deepEqual(errorCodes(locked), ['RATE_LIMITED']);
    assert.ok(Number(locked.errors![0]!.extensions!.retryAfterSeconds) > 0);

    const ownerSignIn = await loginFrom(owner, email, 'a-long-password');
    assert.equal(ownerSignIn.errors, undefined, JSON.stringify(ownerSignIn.errors));
    assert.ok(ownerSignIn.data?.login.accessToken);
    // The owner's success elsewhere does not unlock the guesser's address.
    assert.deepEqual(errorCodes(await loginFrom(attacker, email, 'a-long-password')), ['RATE_LIMITED']);
  });

  test('each failure on an account, from any address, slows its sign-in answers by one more step, up to the cap', async () => {
    const { email } = await registerWithEmail();
    slowdowns.length = 0;
    // A new address per guess: no (account, address) pair gets locked, only the account slowed.
    for (let i = 0; i < 7; i++) {
      assert.deepEqual(errorCodes(await loginFrom(randomLoopbackAddress(), email, 'wrong-password')), ['UNAUTHENTICATED'], `attempt ${i + 1}`);
    }
    const ownerSignIn = await loginFrom(randomLoopbackAddress(), email, 'a-long-password');
    assert.equal(ownerSignIn.errors, undefined, JSON.stringify(ownerSignIn.errors));
    // slowAfter 2, step 10 ms, cap 40 ms: attempts after 2, 3, 4, 5, 6 and 7 failures.
    assert.deepEqual(slowdowns, [10, 20, 30, 40, 40, 40]);
  });

  test('after logout the session endpoint answers revoked and this subgraph refuses its access token; the customer’s other session stays open', async () => {
    const { email, accessToken, refreshToken } = await registerWithEmail();
    const other = (await loginFrom(randomLoopbackAddress(), email, 'a-long-password')).data!.login;
    const me = (token: string) => gql(url, '{ me { email } }', undefined, { authorization: `Bearer ${token}` });
    const sessionOf = async (token: string) => {
      const sid = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()).sid as string;
      return ((await (await fetch(url.replace('/graphql', `/sessions/${sid}`))).json()) as { status: string }).status;
    };
    assert.equal((await me(accessToken)).data?.me.email, email);
    assert.equal(await sessionOf(accessToken), 'active');

    assert.deepEqual((await gql(url, 'mutation ($t: String!) { logout(refreshToken: $t) }', { t: refreshToken })).data, { logout: true });
    assert.equal(await sessionOf(accessToken), 'revoked');
    // This subgraph trusts an `active` answer for 1 s (sessionCacheSeconds).
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const refused = await me(accessToken);
    assert.equal(refused.status, 401);
    assert.deepEqual(errorCodes(refused), ['UNAUTHENTICATED']);

    assert.equal(await sessionOf(other.accessToken), 'active');
    assert.equal((await me(other.accessToken)).data?.me.email, email);
    const unknown = await (await fetch(url.replace('/graphql', '/sessions/fam_unknown'))).json();
    assert.deepEqual(unknown, { status: 'revoked' });
  });

  /** The customer's address events in the outbox, in publish order. */
  const addressEvents = async (customerId: string) => {
    const rows: { topic: string; message_key: string; envelope: EventEnvelope }[] = await dataSource.query(
      `select topic, message_key, envelope from outbox where message_key = $1 and envelope->>'eventType' like 'CustomerAddress%' order by id`,
      [customerId],
    );
    for (const row of rows) assert.equal(row.topic, 'customers.events');
    return rows.map((row) => row.envelope);
  };

  test('addAddress and updateAddress enqueue CustomerAddressSaved with the address as it now is and a growing revision, keyed by the customer', async () => {
    const ada = await signUp();
    const added = await gql(
      url,
      'mutation ($input: AddressInput!) { addAddress(input: $input) { id } }',
      { input: { label: 'Home', recipient: ' Ada Lovelace ', line1: '12 St James Sq', city: 'London', postalCode: 'SW1Y 4JH', country: 'gb' } },
      { ...ada.headers, 'x-correlation-id': 'corr-add-address' },
    );
    assert.equal(added.errors, undefined, JSON.stringify(added.errors));
    const addressId: string = added.data!.addAddress.id;
    const [saved] = await addressEvents(ada.id);
    assert.equal(saved?.aggregateId, ada.id);
    assert.equal(saved?.correlationId, 'corr-add-address');
    const first = matchEvent(CustomerAddressSaved, saved!)!;
    assert.deepEqual({ ...first.data, savedAt: undefined }, {
      customerId: ada.id,
      addressId,
      address: { recipient: 'Ada Lovelace', line1: '12 St James Sq', line2: null, city: 'London', region: null, postalCode: 'SW1Y 4JH', country: 'GB', phone: null },
      revision: 1,
      savedAt: undefined,
    });

    const updated = await gql(
      url,
      'mutation ($id: ID!, $input: UpdateAddressInput!) { updateAddress(id: $id, input: $input) { id line1 } }',
      { id: addressId, input: { line1: '1 Piccadilly', line2: 'Flat 3' } },
      ada.headers,
    );
    assert.equal(updated.errors, undefined, JSON.stringify(updated.errors));
    // Defaults are not part of the event: making the address the default emits nothing.
    assert.equal((await gql(url, 'mutation ($id: ID!) { setDefaultAddress(id: $id, use: BILLING) { id } }', { id: addressId }, ada.headers)).errors, undefined);
    const events = await addressEvents(ada.id);
    assert.deepEqual(events.map((event) => event.eventType), ['CustomerAddressSaved', 'CustomerAddressSaved']);
    const second = matchEvent(CustomerAddressSaved, events[1]!)!;
    assert.deepEqual(
      [second.data.addressId, second.data.revision, second.data.address.line1, second.data.address.line2, second.data.address.recipient],
      [addressId, 2, '1 Piccadilly', 'Flat 3', 'Ada Lovelace'],
    );
    assert.ok(Date.parse(second.data.savedAt) >= Date.parse(first.data.savedAt));
    const [row] = await dataSource.query('select revision from addresses where id = $1', [addressId]);
    assert.equal(row.revision, 2);
  });

  test('removeAddress enqueues CustomerAddressRemoved; refused changes (unknown or another customer’s address, bad input) enqueue nothing', async () => {
    const [ada, eve] = [await signUp(), await signUp()];
    const added = await gql(
      url,
      'mutation ($input: AddressInput!) { addAddress(input: $input) { id } }',
      { input: { recipient: 'Ada', line1: '1 Main St', city: 'Leeds', postalCode: 'LS1 1AA', country: 'GB' } },
      ada.headers,
    );
    const addressId: string = added.data!.addAddress.id;
    const update = (who: { headers: Record<string, string> }, input: Record<string, unknown>) =>
      gql(url, 'mutation ($id: ID!, $input: UpdateAddressInput!) { updateAddress(id: $id, input: $input) { id } }', { id: addressId, input }, who.headers);
    const remove = (who: { headers: Record<string, string> }) =>
      gql(url, 'mutation ($id: ID!) { removeAddress(id: $id) }', { id: addressId }, who.headers);

    assert.deepEqual(errorCodes(await update(eve, { line1: 'Stolen' })), ['NOT_FOUND']);
    assert.deepEqual(errorCodes(await remove(eve)), ['NOT_FOUND']);
    assert.deepEqual(errorCodes(await update(ada, { country: 'Great Britain' })), ['BAD_USER_INPUT']);
    assert.deepEqual((await addressEvents(ada.id)).map((event) => event.eventType), ['CustomerAddressSaved']);
    assert.deepEqual(await addressEvents(eve.id), []);

    assert.deepEqual((await remove(ada)).data, { removeAddress: true });
    assert.deepEqual(errorCodes(await remove(ada)), ['NOT_FOUND'], 'removing twice');
    const events = await addressEvents(ada.id);
    assert.deepEqual(events.map((event) => event.eventType), ['CustomerAddressSaved', 'CustomerAddressRemoved']);
    const removed = matchEvent(CustomerAddressRemoved, events[1]!)!;
    assert.equal(removed.aggregateId, ada.id);
    assert.deepEqual({ ...removed.data, removedAt: undefined }, { customerId: ada.id, addressId, removedAt: undefined });
    assert.ok(!Number.isNaN(Date.parse(removed.data.removedAt)));
  });

  test('_entities resolves customers by reference in request order, null for unknown ids, in one query', async () => {
    const ids = [];
    for (const name of ['A', 'B', 'C']) ids.push(await register(name));
    const [a, b, c] = ids;
    queries = [];
    const response = await gql(
      url,
      `query ($representations: [_Any!]!) {
        _entities(representations: $representations) { ... on Customer { id firstName } }
      }`,
      {
        representations: [
          { __typename: 'Customer', id: c },
          { __typename: 'Customer', id: 'cus_00000000000000000000000000' },
          { __typename: 'Customer', id: a },
          { __typename: 'Customer', id: b },
        ],
      },
    );
    assert.equal(response.errors, undefined);
    assert.deepEqual(response.data?._entities, [
      { id: c, firstName: 'C' },
      null,
      { id: a, firstName: 'A' },
      { id: b, firstName: 'B' },
    ]);
    assert.equal(queries.filter((sql) => /from "customers"/i.test(sql)).length, 1, 'one batched select');
  });

  test('the JWKS document publishes the public signing key and nothing private', async () => {
    const response = await fetch(jwksUrl);
    assert.equal(response.status, 200);
    const { keys } = (await response.json()) as { keys: Record<string, string>[] };
    assert.equal(keys.length, 1);
    assert.deepEqual(Object.keys(keys[0]!).sort(), ['alg', 'e', 'kid', 'kty', 'n', 'use']);
    assert.equal(keys[0]!.alg, 'RS256');
  });

  test('passwords are stored as salted scrypt hashes, never as given', async () => {
    const id = await register('Hash');
    const [row] = await dataSource.query('select password_hash from customers where id = $1', [id]);
    assert.match(row.password_hash, /^scrypt\$32768\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    assert.doesNotMatch(row.password_hash, /a-long-password/);
  });
});
