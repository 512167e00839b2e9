import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { errorCodes, freePort, gql, unique } from '@commerce/testkit';
import { ADDRESS, checkout } from './checkout-support.ts';
import { startStack, type Stack } from './stack.ts';

describe('a subgraph down and unstorable input, through the router', () => {
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

  test('with shipping down, an order still answers: shipments null with an error at order.shipments, its payment as usual', async () => {
    const shopper = await co.shopper();
    const item = await co.stockedProduct('15.00', 3);
    const orderId = await co.placeOrder(shopper, item.variantId, 1);
    await co.waitForStatus(orderId, 'CONFIRMED', shopper.headers);
    const degraded = await stack.startRouter({ subgraphUrls: { shipping: `http://127.0.0.1:${await freePort()}/graphql` } });

    const response = await gql(degraded.url, 'query ($id: ID!) { order(id: $id) { id status shipments { id } payment { id } } }', { id: orderId }, shopper.headers);
    assert.equal(response.data?.order?.id, orderId, JSON.stringify(response));
    // Confirmed, or further along if a sandbox carrier already moved its shipment: answered either way.
    assert.ok(['CONFIRMED', 'SHIPPED', 'DELIVERED'].includes(response.data?.order.status), response.data?.order.status);
    assert.equal(response.data?.order.shipments, null);
    assert.match(response.data?.order.payment?.id ?? '', /^pay_/);
    assert.deepEqual(response.errors?.map((e) => [e.path, e.extensions?.code]), [[['order', 'shipments'], 'SERVICE_UNAVAILABLE']]);
    assert.match(response.errors![0]!.message, /shipping/);

    const listed = await gql(degraded.url, '{ me { id orders(first: 5) { edges { node { id shipments { id } } } } } }', {}, shopper.headers);
    assert.deepEqual(listed.data?.me.orders.edges, [{ node: { id: orderId, shipments: null } }]);
    assert.deepEqual(listed.errors?.map((e) => e.path), [['me', 'orders', 'edges', 0, 'node', 'shipments']]);
  });

  test('NUL and lone surrogates in customer, order and review mutations and in ids are BAD_USER_INPUT naming the field, and write nothing', async () => {
    const shopper = await co.shopper();
    const item = await co.stockedProduct('9.00', 3);
    const orderId = await co.placeOrder(shopper, item.variantId, 1);
    const admin = await co.admin();
    const refused = async (query: string, variables: Record<string, unknown>, headers: Record<string, string>, field: string) => {
      const response = await gql(stack.url, query, variables, headers);
      assert.deepEqual(errorCodes(response), ['BAD_USER_INPUT'], `${field}: ${JSON.stringify(response)}`);
      assert.equal(response.errors![0]!.extensions!.field, field);
      assert.ok(response.errors![0]!.message.startsWith(`${field} contains`), response.errors![0]!.message);
      assert.equal(response.status, 400);
    };
    const nul = 'a\u0000b';
    const lone = 'a\ud800b';

    const email = `${unique()}@example.com`;
    const register = 'mutation ($i: RegisterInput!) { register(input: $i) { accessToken } }';
    const person = { email, password: 'a-long-password', firstName: 'Ada', lastName: 'Byron' };
    await refused(register, { i: { ...person, firstName: nul } }, {}, 'input.firstName');
    await refused(register, { i: { ...person, lastName: lone } }, {}, 'input.lastName');
    await refused(`mutation { register(input: { email: "${email}", password: "a-long-password", firstName: "a\\u0000b", lastName: "B" }) { accessToken } }`, {}, {}, 'input.firstName');
    const search = await co.ok('query ($s: String) { customers(search: $s) { totalCount } }', { s: email }, admin);
    assert.equal(search.customers.totalCount, 0);

    const profile = 'mutation ($i: UpdateProfileInput!) { updateProfile(input: $i) { firstName } }';
    await refused(profile, { i: { firstName: nul } }, shopper.headers, 'input.firstName');
    await refused(profile, { i: { lastName: lone } }, shopper.headers, 'input.lastName');
    const addAddress = 'mutation ($i: AddressInput!) { addAddress(input: $i) { id } }';
    await refused(addAddress, { i: { ...ADDRESS, line1: nul } }, shopper.headers, 'input.line1');
    await refused(addAddress, { i: { ...ADDRESS, recipient: lone } }, shopper.headers, 'input.recipient');
    const me = await co.ok('{ me { firstName lastName addresses { id } } }', {}, shopper.headers);
    assert.deepEqual(me.me, { firstName: 'Grace', lastName: 'Shopper', addresses: [] });

    const cancel = 'mutation ($id: ID!, $reason: String) { cancelOrder(id: $id, reason: $reason) { status } }';
    await refused(cancel, { id: orderId, reason: nul }, shopper.headers, 'reason');
    await refused(cancel, { id: orderId, reason: lone }, shopper.headers, 'reason');
    await refused(cancel, { id: `${orderId}\u0000` }, shopper.headers, 'id');
    await refused('query ($id: ID!) { order(id: $id) { id } }', { id: lone }, shopper.headers, 'id');
    const history = await co.ok('query ($id: ID!) { order(id: $id) { statusHistory { to reason } } }', { id: orderId }, shopper.headers);
    assert.ok(history.order.statusHistory.every((h: { to: string }) => h.to !== 'CANCELLED'));

    const submit = 'mutation ($i: SubmitReviewInput!) { submitReview(input: $i) { id } }';
    const review = { productId: item.productId, rating: 5, title: 'Good', body: 'Holds coffee.' };
    await refused(submit, { i: { ...review, title: nul } }, shopper.headers, 'input.title');
    await refused(submit, { i: { ...review, body: lone } }, shopper.headers, 'input.body');
    await refused(submit, { i: { ...review, productId: `${item.productId}\u0000` } }, shopper.headers, 'input.productId');
    await refused('mutation ($id: ID!) { voteReviewHelpful(reviewId: $id) { id } }', { id: nul }, shopper.headers, 'reviewId');
    await refused('mutation ($id: ID!) { removeReview(id: $id) }', { id: lone }, shopper.headers, 'id');
    const reviews = await co.ok('query ($id: ID) { product(id: $id) { reviews { totalCount } } }', { id: item.productId }, shopper.headers);
    assert.equal(reviews.product.reviews.totalCount, 0);
  });
});
