import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { SignJWT } from 'jose';
import { errorCodes, gql, gqlFrom, randomLoopbackAddress, unique, type GraphQLResponse } from '@commerce/testkit';
import { generateSigningJwk, signingKeysFrom } from '../../subgraphs/customers/src/auth/keys.ts';
import { signAccessToken } from '../../subgraphs/customers/src/auth/tokens.ts';
import { setTimeout as sleep } from 'node:timers/promises';
import { connect } from './live.ts';
import { startStack, type Stack } from './stack.ts';

const AUTH_FIELDS = 'accessToken accessTokenExpiresAt refreshToken refreshTokenExpiresAt customer { id email roles }';
const REGISTER = `mutation ($input: RegisterInput!) { register(input: $input) { ${AUTH_FIELDS} } }`;
const LOGIN = `mutation ($input: LoginInput!) { login(input: $input) { ${AUTH_FIELDS} } }`;
const REFRESH = `mutation ($token: String!) { refreshToken(refreshToken: $token) { ${AUTH_FIELDS} } }`;
const LOGOUT = 'mutation ($token: String!) { logout(refreshToken: $token) }';
const ME = '{ me { id firstName lastName email phone roles } }';

interface Session {
  id: string;
  email: string;
  password: string;
  accessToken: string;
  refreshToken: string;
  headers: Record<string, string>;
}

describe('identity through the router', () => {
  let stack: Stack;
  const call = (query: string, variables?: Record<string, unknown>, headers: Record<string, string> = {}) =>
    gql(stack.url, query, variables, headers);
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

  async function register(overrides: Record<string, unknown> = {}): Promise<Session> {
    const input = { email: `${unique()}@example.com`, password: 'a-long-password', firstName: 'Ada', lastName: 'Lovelace', ...overrides };
    const response = await call(REGISTER, { input });
    assert.equal(response.errors, undefined, JSON.stringify(response.errors));
    const payload = response.data!.register;
    return {
      id: payload.customer.id,
      email: input.email as string,
      password: input.password as string,
      accessToken: payload.accessToken,
      refreshToken: payload.refreshToken,
      headers: bearer(payload.accessToken),
    };
  }

  async function login(email: string, password: string): Promise<GraphQLResponse> {
    return call(LOGIN, { input: { email, password } });
  }

  const countCustomers = async (email: string) =>
    Number((await stack.dataSource.query('select count(*) from customers where email = $1', [email]))[0].count);

  before(async () => {
    // Sign-out reaches every verifier within this window.
    stack = await startStack({ sessionCacheSeconds: 1 });
  });
  after(async () => {
    await stack.close();
  });

  test('register, login, me, refresh, logout: and the refresh token is dead after logout', async () => {
    const email = `${unique()}@Example.com`;
    const registered = await register({ email, phone: '+44 20 7946 0958' });
    assert.match(registered.accessToken, /^[\w-]+\.[\w-]+\.[\w-]+$/);

    const loggedIn = await login(email.toLowerCase(), 'a-long-password');
    assert.equal(loggedIn.errors, undefined);
    const { accessToken, refreshToken, accessTokenExpiresAt } = loggedIn.data!.login;
    const ttl = Date.parse(accessTokenExpiresAt) - Date.now();
    assert.ok(ttl > 14 * 60_000 && ttl <= 15 * 60_000, `access tokens live 15 minutes, got ${ttl} ms`);

    const me = await call(ME, undefined, bearer(accessToken));
    assert.deepEqual(me.data?.me, {
      id: registered.id,
      firstName: 'Ada',
      lastName: 'Lovelace',
      email: email.toLowerCase(),
      phone: '+44 20 7946 0958',
      roles: ['CUSTOMER'],
    });

    const refreshed = await call(REFRESH, { token: refreshToken });
    assert.equal(refreshed.errors, undefined);
    const next = refreshed.data!.refreshToken;
    assert.notEqual(next.refreshToken, refreshToken, 'refresh tokens rotate on every use');
    assert.equal((await call(ME, undefined, bearer(next.accessToken))).data?.me.id, registered.id);

    assert.equal((await call(LOGOUT, { token: next.refreshToken })).data?.logout, true);
    assert.deepEqual(errorCodes(await call(REFRESH, { token: next.refreshToken })), ['UNAUTHENTICATED']);
  });

  test('after logout the access token is refused within the session cache window, through the router and by a subgraph called directly; another session of the customer still works', async () => {
    const session = await register();
    const other = (await login(session.email, session.password)).data!.login;
    assert.equal((await call(ME, undefined, session.headers)).data?.me.id, session.id, 'the token works before logout');

    assert.equal((await call(LOGOUT, { token: session.refreshToken })).data?.logout, true);
    const loggedOut = Date.now();
    let refused = await call(ME, undefined, session.headers);
    while (refused.status !== 401 && Date.now() - loggedOut < 3000) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      refused = await call(ME, undefined, session.headers);
    }
    assert.deepEqual(errorCodes(refused), ['UNAUTHENTICATED']);
    assert.equal(refused.status, 401);
    // The 1 s cache window, plus slack for a loaded machine (tokens themselves live 15 minutes).
    assert.ok(Date.now() - loggedOut <= 2000, `refused ${Date.now() - loggedOut} ms after logout`);
    assert.match(refused.errors![0]!.message, /signed out/);
    for (const url of [stack.catalogUrl, stack.customersUrl]) {
      const direct = await gql(url, '{ __typename }', undefined, session.headers);
      assert.equal(direct.status, 401, url);
      assert.deepEqual(errorCodes(direct), ['UNAUTHENTICATED'], url);
    }

    assert.equal((await call(ME, undefined, bearer(other.accessToken))).data?.me.id, session.id, 'the other session');
    assert.equal((await gql(stack.catalogUrl, '{ __typename }', undefined, bearer(other.accessToken))).status, 200);
    assert.equal((await call(REFRESH, { token: other.refreshToken })).errors, undefined);
  });

  test("logout ends the session's open sockets too (4403), and another session's socket stays open", async () => {
    const session = await register();
    const other = (await login(session.email, session.password)).data!.login;
    const mine = connect(stack.url, { authorization: session.headers.authorization });
    const theirs = connect(stack.url, { authorization: `Bearer ${other.accessToken}` });
    try {
      await Promise.all([mine.opened, theirs.opened]);
      assert.equal((await call(LOGOUT, { token: session.refreshToken })).data?.logout, true);
      const loggedOut = Date.now();
      const closed = await Promise.race([mine.closed, sleep(5_000).then(() => undefined)]);
      assert.deepEqual(closed, { code: 4403, reason: 'Forbidden: this session has ended (signed out); sign in again' });
      // The 1 s session cache and the socket's 0.5 s recheck, plus slack for a loaded machine.
      assert.ok(Date.now() - loggedOut <= 3_000, `closed ${Date.now() - loggedOut} ms after logout`);
      assert.equal(await Promise.race([theirs.closed, sleep(1_000).then(() => 'open')]), 'open');
    } finally {
      await Promise.all([mine.dispose(), theirs.dispose()]).catch(() => undefined);
    }
  });

  test('anonymous requests are allowed and carry no identity', async () => {
    const response = await call(ME);
    assert.equal(response.errors, undefined);
    assert.equal(response.data?.me, null);
  });

  test('identical queries in flight at once share one execution only when they carry the same token: each caller gets its own customer', async () => {
    const [ann, bob] = await Promise.all([register({ firstName: 'Ann' }), register({ firstName: 'Bob' })]);
    const merged = async () => (await stack.router.metrics.operationsMerged.get()).values[0]?.value ?? 0;
    const mergedBefore = await merged();
    const callers = Array.from({ length: 24 }, (_, i) => [ann, bob, undefined][i % 3]);
    const answers = await Promise.all(callers.map((caller) => call(ME, undefined, caller ? bearer(caller.accessToken) : {})));
    answers.forEach((response, i) => {
      assert.equal(response.errors, undefined, JSON.stringify(response.errors));
      assert.equal((response.data?.me as { email: string } | null)?.email ?? null, callers[i]?.email ?? null, `caller ${i} got its own answer`);
    });
    // Eight identical queries per token, sent at once: the executions of some were shared.
    assert.ok((await merged()) > mergedBefore, 'some of them were merged');
  });

  test('tampered, expired, mis-addressed, unknown-key and malformed tokens are refused with 401 UNAUTHENTICATED', async () => {
    const session = await register();
    const [header, payload, signature] = session.accessToken.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    const elevated = Buffer.from(JSON.stringify({ ...claims, roles: ['CUSTOMER', 'ADMIN'] })).toString('base64url');
    const subject = { id: session.id, roles: ['CUSTOMER' as const], sessionId: 'fam_unused' };
    const expired = await signAccessToken(stack.keys, stack.tokenSettings, subject, new Date(Date.now() - 3600_000));
    const wrongAudience = await signAccessToken(stack.keys, { ...stack.tokenSettings, audience: 'urn:other' }, subject);
    const wrongIssuer = await signAccessToken(stack.keys, { ...stack.tokenSettings, issuer: 'urn:evil' }, subject);
    const strangerKeys = await signingKeysFrom([await generateSigningJwk()]);
    const unknownKid = await signAccessToken(strangerKeys, stack.tokenSettings, subject);
    const knownKidOtherKey = await new SignJWT({ roles: ['ADMIN'] })
      .setProtectedHeader({ alg: 'RS256', kid: stack.keys.active.kid })
      .setSubject(session.id)
      .setIssuer(stack.tokenSettings.issuer)
      .setAudience(stack.tokenSettings.audience)
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(strangerKeys.active.key);
    const unsigned = `${Buffer.from(JSON.stringify({ alg: 'none' })).toString('base64url')}.${payload}.`;

    const cases: Record<string, string> = {
      tampered: `Bearer ${header}.${elevated}.${signature}`,
      expired: `Bearer ${expired.token}`,
      'wrong audience': `Bearer ${wrongAudience.token}`,
      'wrong issuer': `Bearer ${wrongIssuer.token}`,
      'unknown kid': `Bearer ${unknownKid.token}`,
      'known kid, other key': `Bearer ${knownKidOtherKey}`,
      'alg none': `Bearer ${unsigned}`,
      'not a bearer token': `Basic ${Buffer.from('a:b').toString('base64')}`,
    };
    for (const [name, authorization] of Object.entries(cases)) {
      const response = await call(ME, undefined, { authorization });
      assert.equal(response.status, 401, name);
      assert.deepEqual(errorCodes(response), ['UNAUTHENTICATED'], name);
      assert.equal(response.data, undefined, name);
    }
    const expiredMessage = (await call(ME, undefined, { authorization: cases.expired! })).errors?.[0]?.message;
    assert.match(expiredMessage ?? '', /expired/);
  });

  test('reusing a rotated refresh token revokes the whole session family', async () => {
    const session = await register();
    const first = (await call(REFRESH, { token: session.refreshToken })).data!.refreshToken;
    const reuse = await call(REFRESH, { token: session.refreshToken });
    assert.deepEqual(errorCodes(reuse), ['UNAUTHENTICATED']);
    assert.match(reuse.errors![0]!.message, /already used/);
    // The legitimate successor is dead too: the thief and the owner both have to sign in again.
    assert.deepEqual(errorCodes(await call(REFRESH, { token: first.refreshToken })), ['UNAUTHENTICATED']);
    // Other sign-ins of the same customer are separate families and keep working.
    const other = (await login(session.email, session.password)).data!.login;
    assert.equal((await call(REFRESH, { token: other.refreshToken })).errors, undefined);
  });

  test('changing the password ends every session and the old password stops working', async () => {
    const session = await register();
    const change = 'mutation ($c: String!, $n: String!) { changePassword(currentPassword: $c, newPassword: $n) }';
    const wrong = await call(change, { c: 'not-my-password', n: 'another-long-password' }, session.headers);
    assert.deepEqual(errorCodes(wrong), ['BAD_USER_INPUT']);
    const changed = await call(change, { c: session.password, n: 'another-long-password' }, session.headers);
    assert.equal(changed.data?.changePassword, true);
    assert.deepEqual(errorCodes(await call(REFRESH, { token: session.refreshToken })), ['UNAUTHENTICATED']);
    assert.deepEqual(errorCodes(await login(session.email, session.password)), ['UNAUTHENTICATED']);
    assert.equal((await login(session.email, 'another-long-password')).errors, undefined);
  });

  test('private fields are visible to the customer and admins only; others get FORBIDDEN on each', async () => {
    const owner = await register({ phone: '+1 555 0100' });
    const other = await register();
    const admin = (await login(stack.admin.email, stack.admin.password)).data!.login;
    await call(
      'mutation ($input: AddressInput!) { addAddress(input: $input) { id } }',
      { input: { recipient: 'Ada', line1: '1 Main St', city: 'London', postalCode: 'N1 9GU', country: 'GB' } },
      owner.headers,
    );
    const PRIVATE = ['email', 'phone', 'roles', 'addresses', 'defaultShippingAddress', 'defaultBillingAddress'];
    const selection = `id firstName ${PRIVATE.map((f) => (f.includes('ddress') ? `${f} { id }` : f)).join(' ')}`;

    // The owner reads their own private fields through `me`; an admin through `customer(id)`.
    const mine = (await call(`{ me { ${selection} } }`, undefined, owner.headers)).data?.me;
    const asAdmin = await call(`query ($id: ID!) { customer(id: $id) { ${selection} } }`, { id: owner.id }, bearer(admin.accessToken));
    for (const seen of [mine, asAdmin.data?.customer]) {
      assert.equal(seen.email, owner.email);
      assert.equal(seen.phone, '+1 555 0100');
      assert.deepEqual(seen.roles, ['CUSTOMER']);
      assert.equal(seen.addresses.length, 1);
      assert.equal(seen.defaultShippingAddress.id, seen.addresses[0].id);
      assert.equal(seen.defaultBillingAddress.id, seen.addresses[0].id);
    }

    // Anyone else reaches a customer only by reference (here: the admin who created a product).
    const product = await call(
      'mutation ($input: CreateProductInput!) { createProduct(input: $input) { id } }',
      {
        input: {
          name: 'Lamp',
          slug: unique('lamp-'),
          status: 'ACTIVE',
          variants: [{ sku: unique('LAMP-'), price: { amount: '30', currencyCode: 'EUR' } }],
        },
      },
      bearer(admin.accessToken),
    );
    const byReference = `query ($id: ID!) { product(id: $id) { name createdBy { ${selection} } } }`;
    const viewers: Record<string, Record<string, string>> = { anonymous: {}, 'another customer': other.headers };
    for (const [name, headers] of Object.entries(viewers)) {
      const response = await call(byReference, { id: product.data!.createProduct.id }, headers);
      const createdBy = response.data?.product.createdBy;
      assert.equal(createdBy.id, stack.admin.id, name);
      assert.equal(createdBy.firstName, 'Admin', `${name}: public fields stay readable`);
      for (const field of PRIVATE) assert.equal(createdBy[field], null, `${name}: ${field}`);
      const forbidden = response.errors!.filter((e) => e.extensions?.code === 'FORBIDDEN').map((e) => e.path!.at(-1));
      assert.deepEqual(forbidden.sort(), [...PRIVATE].sort(), name);
    }
    const adminSelf = await call(byReference, { id: product.data!.createProduct.id }, bearer(admin.accessToken));
    assert.equal(adminSelf.errors, undefined);
    assert.equal(adminSelf.data?.product.createdBy.email, stack.admin.email);
  });

  test('admin operations: anonymous gets UNAUTHENTICATED, a customer FORBIDDEN, an admin succeeds', async () => {
    const customer = await register();
    const target = await register();
    const admin = (await login(stack.admin.email, stack.admin.password)).data!.login;
    const operations: [string, string, Record<string, unknown>][] = [
      ['customer', 'query ($id: ID!) { customer(id: $id) { id } }', { id: target.id }],
      ['customers', 'query ($s: String) { customers(first: 5, search: $s) { totalCount edges { node { id } } } }', { s: target.email }],
      ['grantRole', 'mutation ($id: ID!) { grantRole(customerId: $id, role: ADMIN) { id roles } }', { id: target.id }],
      ['revokeRole', 'mutation ($id: ID!) { revokeRole(customerId: $id, role: ADMIN) { id roles } }', { id: target.id }],
      ['createProduct', 'mutation ($s: String!) { createProduct(input: { name: "X", slug: $s }) { id } }', { s: unique('x-') }],
    ];
    for (const [name, query, variables] of operations) {
      assert.deepEqual(errorCodes(await call(query, variables)), ['UNAUTHENTICATED'], `${name} anonymous`);
      assert.deepEqual(errorCodes(await call(query, variables, customer.headers)), ['FORBIDDEN'], `${name} customer`);
      const asAdmin = await call(query, variables, bearer(admin.accessToken));
      assert.equal(asAdmin.errors, undefined, `${name} admin: ${JSON.stringify(asAdmin.errors)}`);
    }
    const roles = async () =>
      (await call('query ($id: ID!) { customer(id: $id) { roles } }', { id: target.id }, bearer(admin.accessToken))).data
        ?.customer.roles;
    assert.deepEqual(await roles(), ['CUSTOMER'], 'granted then revoked');
    await call('mutation ($id: ID!) { grantRole(customerId: $id, role: ADMIN) { id } }', { id: target.id }, bearer(admin.accessToken));
    assert.deepEqual(await roles(), ['CUSTOMER', 'ADMIN']);
    // A granted role takes effect with the next token: the old one still says CUSTOMER only.
    assert.deepEqual(errorCodes(await call('{ customers(first: 1) { totalCount } }', undefined, target.headers)), ['FORBIDDEN']);
    const promoted = (await login(target.email, target.password)).data!.login;
    assert.equal((await call('{ customers(first: 1) { totalCount } }', undefined, bearer(promoted.accessToken))).errors, undefined);
    const selfRevoke = await call(
      'mutation ($id: ID!) { revokeRole(customerId: $id, role: ADMIN) { id } }',
      { id: stack.admin.id },
      bearer(admin.accessToken),
    );
    assert.deepEqual(errorCodes(selfRevoke), ['CONFLICT']);
  });

  test('customers pages through search results with cursors and a total count', async () => {
    const tag = unique('page');
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await register({ email: `${tag}.${i}@example.com` })).id);
    const admin = bearer((await login(stack.admin.email, stack.admin.password)).data!.login.accessToken);
    const page = 'query ($after: String, $s: String) { customers(first: 2, after: $after, search: $s) { totalCount edges { cursor node { id } } pageInfo { hasNextPage endCursor } } }';
    const seen: string[] = [];
    let after: string | null = null;
    for (let i = 0; i < 3; i++) {
      const response: GraphQLResponse = await call(page, { after, s: tag.toUpperCase() }, admin);
      const connection = response.data!.customers;
      assert.equal(connection.totalCount, 5);
      seen.push(...connection.edges.map((e: { node: { id: string } }) => e.node.id));
      assert.equal(connection.pageInfo.hasNextPage, i < 2);
      after = connection.pageInfo.endCursor;
    }
    assert.deepEqual(seen, ids);
    assert.deepEqual(errorCodes(await call(page, { after: 'garbage', s: tag }, admin)), ['BAD_USER_INPUT']);
  });

  test('addresses: the first is the default, defaults move, and unknown ids are NOT_FOUND', async () => {
    const session = await register();
    const add = 'mutation ($input: AddressInput!, $ship: Boolean) { addAddress(input: $input, setDefaultShipping: $ship) { id isDefaultShipping isDefaultBilling } }';
    const home = { recipient: 'Ada', line1: '1 Main St', city: 'London', postalCode: 'N1 9GU', country: 'gb' };
    const first = (await call(add, { input: home }, session.headers)).data!.addAddress;
    assert.deepEqual([first.isDefaultShipping, first.isDefaultBilling], [true, true]);
    const work = (await call(add, { input: { ...home, line1: '2 Work Rd' }, ship: true }, session.headers)).data!.addAddress;
    assert.deepEqual([work.isDefaultShipping, work.isDefaultBilling], [true, false]);

    const defaults = '{ me { addresses { id country } defaultShippingAddress { id } defaultBillingAddress { id } } }';
    let me = (await call(defaults, undefined, session.headers)).data!.me;
    assert.equal(me.defaultShippingAddress.id, work.id);
    assert.equal(me.defaultBillingAddress.id, first.id);
    assert.equal(me.addresses[0].country, 'GB');

    await call('mutation ($id: ID!) { setDefaultAddress(id: $id, use: BILLING) { id } }', { id: work.id }, session.headers);
    const updated = await call(
      'mutation ($id: ID!) { updateAddress(id: $id, input: { city: "Leeds" }) { city line1 } }',
      { id: first.id },
      session.headers,
    );
    assert.deepEqual(updated.data?.updateAddress, { city: 'Leeds', line1: '1 Main St' });
    me = (await call(defaults, undefined, session.headers)).data!.me;
    assert.equal(me.defaultBillingAddress.id, work.id);

    const stranger = await register();
    const foreign = [
      ['mutation ($id: ID!) { updateAddress(id: $id, input: { city: "X" }) { id } }', { id: first.id }],
      ['mutation ($id: ID!) { removeAddress(id: $id) }', { id: first.id }],
      ['mutation ($id: ID!) { setDefaultAddress(id: $id, use: SHIPPING) { id } }', { id: first.id }],
      ['mutation { removeAddress(id: "adr_unknown") }', {}],
    ] as const;
    for (const [query, variables] of foreign) {
      assert.deepEqual(errorCodes(await call(query, variables, stranger.headers)), ['NOT_FOUND'], query);
    }
    assert.equal((await call(defaults, undefined, session.headers)).data!.me.addresses.length, 2, 'nothing changed');
    assert.equal((await call('mutation ($id: ID!) { removeAddress(id: $id) }', { id: first.id }, session.headers)).data?.removeAddress, true);
  });

  test('bad input gets a coded error naming the problem and writes nothing', async () => {
    const taken = await register();
    const cases: [string, Record<string, unknown>, string][] = [
      ['malformed email', { email: 'not-an-email' }, 'BAD_USER_INPUT'],
      ['short password', { password: 'short' }, 'BAD_USER_INPUT'],
      ['oversized name', { firstName: 'x'.repeat(10_000) }, 'BAD_USER_INPUT'],
      ['duplicate email', { email: taken.email.toUpperCase() }, 'CONFLICT'],
    ];
    for (const [name, overrides, code] of cases) {
      const input = { email: `${unique()}@example.com`, password: 'a-long-password', firstName: 'A', lastName: 'B', ...overrides };
      const response = await call(REGISTER, { input });
      assert.deepEqual(errorCodes(response), [code], name);
      assert.doesNotMatch(JSON.stringify(response.errors), /duplicate key|constraint|sql|stack/i, name);
      const email = String(input.email).toLowerCase();
      assert.equal(await countCustomers(email), email === taken.email ? 1 : 0, name);
    }
    const profile = await call(
      'mutation ($p: String) { updateProfile(input: { phone: $p }) { phone } }',
      { p: 'call me maybe' },
      taken.headers,
    );
    assert.deepEqual(errorCodes(profile), ['BAD_USER_INPUT']);
    assert.equal((await call(ME, undefined, taken.headers)).data?.me.phone, null);
    const oversizedBody = await call(ME, { junk: 'x'.repeat(2 * 1024 * 1024) });
    assert.equal(oversizedBody.status, 413);
  });
});

describe('brute-force protection', () => {
  let stack: Stack;
  before(async () => {
    stack = await startStack({
      throttle: { accountAddressFailures: 3, addressFailures: 5, slowAfter: 1, slowStepMs: 300, slowMaxMs: 3000 },
    });
  });
  after(async () => {
    await stack.close();
  });

  /** Signs in through the router from the given client address (the router's socket peer). */
  const loginAt = (email: string, password: string, address: string, url = stack.url, headers: Record<string, string> = {}) =>
    gqlFrom(address, url, 'mutation ($input: LoginInput!) { login(input: $input) { accessToken } }', { input: { email, password } }, headers);

  test('failed logins for one account from one address are slowed, then refused there with RATE_LIMITED even with the right password; the owner elsewhere gets in', async () => {
    const email = `${unique()}@example.com`;
    await gql(stack.url, REGISTER, { input: { email, password: 'a-long-password', firstName: 'A', lastName: 'B' } });
    const address = randomLoopbackAddress();
    assert.deepEqual(errorCodes(await loginAt(email, 'wrong-password', address)), ['UNAUTHENTICATED']);
    const started = Date.now();
    assert.deepEqual(errorCodes(await loginAt(email, 'wrong-password', address)), ['UNAUTHENTICATED']);
    assert.ok(Date.now() - started >= 300, 'the second failure is answered no sooner than the configured slowdown');
    assert.deepEqual(errorCodes(await loginAt(email, 'wrong-password', address)), ['UNAUTHENTICATED']);
    const locked = await loginAt(email, 'a-long-password', address);
    assert.deepEqual(errorCodes(locked), ['RATE_LIMITED']);
    assert.ok(Number(locked.errors![0]!.extensions!.retryAfterSeconds) > 0);
    assert.deepEqual(errorCodes(await loginAt(email, 'a-long-password', randomLoopbackAddress())), [], 'the owner from another address');
    // Another account from another address is unaffected.
    assert.deepEqual(errorCodes(await loginAt(stack.admin.email, stack.admin.password, randomLoopbackAddress())), []);
  });

  test('failed logins from one client address across accounts lock that address', async () => {
    const address = randomLoopbackAddress();
    for (let i = 0; i < 5; i++) {
      assert.deepEqual(errorCodes(await loginAt(`${unique()}@example.com`, 'wrong-password', address)), ['UNAUTHENTICATED']);
    }
    assert.deepEqual(errorCodes(await loginAt(stack.admin.email, stack.admin.password, address)), ['RATE_LIMITED']);
    assert.deepEqual(errorCodes(await loginAt(stack.admin.email, stack.admin.password, randomLoopbackAddress())), []);
  });

  test('a direct call to customers with a forged X-Forwarded-For is throttled on its real address, while the address the router forwards is honoured', async () => {
    const real = randomLoopbackAddress();
    for (let i = 0; i < 5; i++) {
      const forged = { 'x-forwarded-for': `198.51.100.${i + 1}` };
      const response = await loginAt(`${unique()}@example.com`, 'wrong-password', real, stack.customersUrl, forged);
      assert.deepEqual(errorCodes(response), ['UNAUTHENTICATED'], `attempt ${i + 1}`);
    }
    const forgedAgain = { 'x-forwarded-for': '198.51.100.200' };
    assert.deepEqual(errorCodes(await loginAt(stack.admin.email, stack.admin.password, real, stack.customersUrl, forgedAgain)), ['RATE_LIMITED']);
    // Nor does a made-up router header help without the router's secret.
    const forgedSignature = { 'x-client-address': '192.0.2.77', 'x-client-address-signature': `${Math.floor(Date.now() / 1000)}.AAAA` };
    assert.deepEqual(errorCodes(await loginAt(stack.admin.email, stack.admin.password, real, stack.customersUrl, forgedSignature)), ['RATE_LIMITED']);

    // Through the router, every call reaches customers from the router's own socket; what counts
    // is the client address the router signs: one client is locked, another is not.
    const client = randomLoopbackAddress();
    for (let i = 0; i < 5; i++) {
      assert.deepEqual(errorCodes(await loginAt(`${unique()}@example.com`, 'wrong-password', client)), ['UNAUTHENTICATED']);
    }
    assert.deepEqual(errorCodes(await loginAt(stack.admin.email, stack.admin.password, client)), ['RATE_LIMITED']);
    assert.deepEqual(errorCodes(await loginAt(stack.admin.email, stack.admin.password, randomLoopbackAddress())), []);
  });
});
