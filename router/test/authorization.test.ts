import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { errorCodes, gql, unique } from '@commerce/testkit';
import { connect } from './live.ts';
import { startStack, type Stack } from './stack.ts';

// inventory declares Query.warehouses, Query.stockMovements and its mutations @requiresScopes(scopes: [["ADMIN"]]);
// orders declares Query.order and the cart and order mutations @authenticated.
describe('@authenticated and @requiresScopes are enforced by the router before any subgraph is called', () => {
  let stack: Stack;
  let admin: Record<string, string>;
  let customer: Record<string, string>;
  /** The SQL inventory ran while `run` ran. */
  const inventorySqlDuring = async (run: () => Promise<unknown>) => {
    const before = stack.inventoryQueries.length;
    await run();
    await sleep(50);
    return stack.inventoryQueries.slice(before).filter((sql) => /warehouses|stock_movements|movements/i.test(sql));
  };

  before(async () => {
    stack = await startStack();
    const login = await gql(stack.url, 'mutation ($i: LoginInput!) { login(input: $i) { accessToken } }', { i: { email: stack.admin.email, password: stack.admin.password } });
    admin = { authorization: `Bearer ${(login.data?.login as { accessToken: string }).accessToken}` };
    const registered = await gql(stack.url, 'mutation ($i: RegisterInput!) { register(input: $i) { accessToken } }', {
      i: { email: `${unique()}@example.com`, password: 'a-long-password', firstName: 'Ann', lastName: 'Auth' },
    });
    customer = { authorization: `Bearer ${(registered.data?.register as { accessToken: string }).accessToken}` };
  });
  after(async () => stack.close());

  test('an anonymous query for an admin-only field gets UNAUTHENTICATED at its path, and inventory never sees it', async () => {
    const query = '{ warehouses { id } products(first: 1) { totalCount } }';
    let response: Awaited<ReturnType<typeof gql>> | undefined;
    const sql = await inventorySqlDuring(async () => (response = await gql(stack.url, query)));
    assert.deepEqual(sql, [], 'inventory was not asked');
    assert.deepEqual(errorCodes(response!), ['UNAUTHENTICATED']);
    assert.deepEqual(response!.errors?.[0]?.path, ['warehouses']);
    assert.match(response!.errors?.[0]?.message ?? '', /Sign in to see Query.warehouses/);
    // warehouses is non-null: as GraphQL does, its nearest nullable parent (here the whole answer) is null.
    assert.equal(response!.data, null);
  });

  test('a signed-in customer without the scope gets FORBIDDEN at the field (by its alias), and inventory never sees it', async () => {
    let response: Awaited<ReturnType<typeof gql>> | undefined;
    const sql = await inventorySqlDuring(async () => (response = await gql(stack.url, 'query Mine { me { id } movements: stockMovements(first: 1) { totalCount } }', {}, customer)));
    assert.deepEqual(sql, []);
    assert.deepEqual(errorCodes(response!), ['FORBIDDEN']);
    assert.deepEqual(response!.errors?.[0]?.path, ['movements']);
    assert.match(response!.errors?.[0]?.message ?? '', /Query.stockMovements needs a role you do not have/);
  });

  test('an admin has the scope: the same query runs in inventory, and its plan is not the one cached for the refused', async () => {
    let response: Awaited<ReturnType<typeof gql>> | undefined;
    const sql = await inventorySqlDuring(async () => (response = await gql(stack.url, '{ warehouses { id } products(first: 1) { totalCount } }', {}, admin)));
    assert.deepEqual(errorCodes(response!), []);
    assert.ok(Array.isArray((response!.data as { warehouses: unknown[] }).warehouses));
    assert.ok(sql.length > 0, 'inventory answered');
  });

  test('an anonymous query for an @authenticated field gets it nulled with UNAUTHENTICATED from the router; the rest answers', async () => {
    const response = await gql(stack.url, '{ order(id: "ord_00000000000000000000000000") { id } products(first: 1) { totalCount } }');
    assert.deepEqual(errorCodes(response), ['UNAUTHENTICATED']);
    assert.deepEqual(response.errors?.[0]?.path, ['order']);
    // The router's wording, not orders' own check: orders was never asked.
    assert.match(response.errors?.[0]?.message ?? '', /Sign in to see Query.order/);
    assert.equal((response.data as { order: unknown }).order, null);
    assert.equal(typeof (response.data as { products: { totalCount: number } }).products.totalCount, 'number');
  });

  test('an admin-only mutation from a customer is refused before inventory runs any SQL, and changes nothing', async () => {
    let response: Awaited<ReturnType<typeof gql>> | undefined;
    const sql = await inventorySqlDuring(
      async () => (response = await gql(stack.url, 'mutation ($i: CreateWarehouseInput!) { createWarehouse(input: $i) { id } }', { i: { code: unique('W').slice(0, 10), name: 'Nope' } }, customer)),
    );
    assert.deepEqual(errorCodes(response!), ['FORBIDDEN']);
    assert.match(response!.errors?.[0]?.message ?? '', /Mutation.createWarehouse needs a role you do not have/);
    assert.deepEqual(sql, []);
  });

  test('over the socket too', async () => {
    const connection = connect(stack.url, customer);
    try {
      const [result] = await connection.subscribe('{ me { id } warehouses { id } }').until((received) => received.length === 1);
      assert.deepEqual(result?.errors?.map((e) => e.extensions?.code), ['FORBIDDEN']);
    } finally {
      await connection.dispose();
    }
  });
});
