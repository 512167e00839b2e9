import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { DataSource } from 'typeorm';
import type { SubgraphServer } from '@commerce/service-kit';
import { createTestIssuer, errorCodes, gql, testLogger, unique } from '@commerce/testkit';
import type { Deps } from '../src/context.ts';
import { createDeps } from '../src/deps.ts';
import { createOrderEventHandler } from '../src/events/consumers.ts';
import { encodeItemCursor } from '../src/domain/validation.ts';
import { createServer } from '../src/server.ts';
import { connect, discardOutbox, itemOf, newOrderId, newVariantId, orderPlaced, outboxOf, warehousesFor } from './support.ts';

const LEVEL = 'variantId warehouse { id code } onHand reserved available lowStockThreshold version';

describe('inventory subgraph over GraphQL', () => {
  const logger = testLogger('inventory-graphql');
  let dataSource: DataSource;
  let deps: Deps;
  let server: SubgraphServer;
  let url: string;
  let queries: string[] = [];
  const headers: Record<'anonymous' | 'customer' | 'admin', Record<string, string>> = { anonymous: {}, customer: {}, admin: {} };
  const warehouses = warehousesFor(() => deps);
  const aggregates: string[] = [];

  const asAdmin = (query: string, variables?: Record<string, unknown>) => gql(url, query, variables, headers.admin);

  async function counts(variantId: string) {
    const [row] = await dataSource.query(
      `select (select count(*)::int from stock_items where variant_id = $1) as items,
              (select count(*)::int from stock_movements where variant_id = $1) as movements,
              (select count(*)::int from outbox where message_key = $1) as events`,
      [variantId],
    );
    return row as { items: number; movements: number; events: number };
  }

  function variant(): string {
    const variantId = newVariantId();
    aggregates.push(variantId);
    return variantId;
  }

  before(async () => {
    const issuer = await createTestIssuer();
    dataSource = await connect(logger, { onQuery: (sql) => queries.push(sql) });
    deps = createDeps({ dataSource, logger, verifyToken: issuer.verifyToken, reservationTtlSeconds: 900 });
    server = await createServer(deps);
    url = `http://127.0.0.1:${await server.listen(0, '127.0.0.1')}/graphql`;
    headers.customer = { authorization: await issuer.bearer({ id: 'cus_01JD3ZK5W7Y8X9Q2R3S4T5V6W8', roles: ['CUSTOMER'] }) };
    headers.admin = { authorization: await issuer.bearer({ id: 'cus_01JD3ZK5W7Y8X9Q2R3S4T5V6W9', roles: ['CUSTOMER', 'ADMIN'] }) };
  });

  after(async () => {
    await server.close();
    await warehouses.retireAll();
    await discardOutbox(dataSource, aggregates);
    await dataSource.destroy();
  });

  test('_entities resolves ProductVariant stock in request order; a variant without stock is not in stock', async () => {
    const [first, second] = [await warehouses.create(), await warehouses.create()];
    const [plenty, soldOut, unknown] = [variant(), variant(), variant()];
    await deps.stock.set({ variantId: plenty, warehouseId: first, onHand: 3, reason: 'count' });
    await deps.stock.set({ variantId: plenty, warehouseId: second, onHand: 4, reason: 'count' });
    await deps.stock.set({ variantId: soldOut, warehouseId: first, onHand: 0, reason: 'count' });
    const entities = () =>
      gql(
        url,
        `query ($representations: [_Any!]!) {
          _entities(representations: $representations) { ... on ProductVariant { id inStock stock { available } } }
        }`,
        { representations: [unknown, plenty, soldOut].map((id) => ({ __typename: 'ProductVariant', id })) },
      );
    let response = await entities();
    assert.equal(response.errors, undefined);
    assert.deepEqual(response.data?._entities, [
      { id: unknown, inStock: false, stock: { available: 0 } },
      { id: plenty, inStock: true, stock: { available: 7 } },
      { id: soldOut, inStock: false, stock: { available: 0 } },
    ]);

    // An inactive warehouse's stock is not for sale.
    const deactivated = await asAdmin(`mutation ($id: ID!) { setWarehouseActive(id: $id, active: false) { id active } }`, { id: second });
    assert.deepEqual(deactivated.data?.setWarehouseActive, { id: second, active: false });
    response = await entities();
    assert.deepEqual(response.data?._entities[1], { id: plenty, inStock: true, stock: { available: 3 } });
  });

  test('_entities resolves warehouses for admins in request order, null for unknown ids, in one query', async () => {
    const [a, b] = [await warehouses.create(), await warehouses.create()];
    queries = [];
    const response = await gql(
      url,
      `query ($representations: [_Any!]!) { _entities(representations: $representations) { ... on Warehouse { id active } } }`,
      { representations: [b, 'wh_00000000000000000000000000', a].map((id) => ({ __typename: 'Warehouse', id })) },
      headers.admin,
    );
    assert.equal(response.errors, undefined);
    assert.deepEqual(response.data?._entities, [{ id: b, active: true }, null, { id: a, active: true }]);
    assert.equal(queries.filter((sql) => /from "warehouses"/i.test(sql)).length, 1);
  });

  test('_entities refuses warehouses like Query.warehouses: anonymous UNAUTHENTICATED, customers FORBIDDEN, no data', async () => {
    const warehouseId = await warehouses.create();
    const query = `query ($representations: [_Any!]!) { _entities(representations: $representations) { ... on Warehouse { id code name } } }`;
    for (const [who, code] of [['anonymous', 'UNAUTHENTICATED'], ['customer', 'FORBIDDEN']] as const) {
      const response = await gql(url, query, { representations: [{ __typename: 'Warehouse', id: warehouseId }] }, headers[who]);
      assert.deepEqual(errorCodes(response), [code], who);
      assert.deepEqual(response.data?._entities, [null], who);
    }
  });

  test('on-hand, reserved and levels are admin only: anonymous UNAUTHENTICATED, customer FORBIDDEN, admin sees them', async () => {
    const warehouseId = await warehouses.create();
    const variantId = variant();
    await deps.stock.set({ variantId, warehouseId, onHand: 5, reason: 'count' });
    const orderId = newOrderId();
    aggregates.push(orderId);
    await createOrderEventHandler(deps)(orderPlaced(orderId, [{ variantId, quantity: 2 }]));
    const query = `query ($representations: [_Any!]!) {
      _entities(representations: $representations) {
        ... on ProductVariant { stock { available onHand reserved levels { ${LEVEL} } } }
      }
    }`;
    const variables = { representations: [{ __typename: 'ProductVariant', id: variantId }] };

    for (const [who, code] of [
      ['anonymous', 'UNAUTHENTICATED'],
      ['customer', 'FORBIDDEN'],
    ] as const) {
      const response = await gql(url, query, variables, headers[who]);
      assert.deepEqual(errorCodes(response), [code, code, code], who);
      assert.deepEqual(response.data?._entities, [{ stock: { available: 3, onHand: null, reserved: null, levels: null } }], who);
    }
    const response = await gql(url, query, variables, headers.admin);
    assert.equal(response.errors, undefined);
    const stock = response.data?._entities[0].stock;
    assert.deepEqual({ ...stock, levels: undefined }, { available: 3, onHand: 5, reserved: 2, levels: undefined });
    const level = stock.levels.find((l: { warehouse: { id: string } }) => l.warehouse.id === warehouseId);
    // The version is the one the item's last StockLevelChanged announced (search's rebuild orders events after it).
    const announced = (await outboxOf(dataSource, variantId)).filter((e) => e.eventType === 'StockLevelChanged' && (e.data as { warehouseId: string }).warehouseId === warehouseId);
    assert.deepEqual({ ...level, warehouse: level.warehouse.id }, {
      variantId,
      warehouse: warehouseId,
      onHand: 5,
      reserved: 2,
      available: 3,
      lowStockThreshold: 0,
      version: (announced.at(-1)!.data as { version: number }).version,
    });
    assert.equal(announced.length, 2, 'the count and the reservation');
  });

  test('admin queries and mutations refuse anonymous callers and customers, and write nothing', async () => {
    const warehouseId = await warehouses.create();
    const variantId = variant();
    const code = unique('NOPE-').toUpperCase();
    const operations: [string, Record<string, unknown>][] = [
      ['query { warehouses { id } }', {}],
      ['query { stockMovements { totalCount } }', {}],
      [`mutation ($code: String!) { createWarehouse(input: { code: $code, name: "x" }) { id } }`, { code }],
      [`mutation ($id: ID!) { setWarehouseActive(id: $id, active: false) { id } }`, { id: warehouseId }],
      [
        `mutation ($v: ID!, $w: ID!) { adjustStock(input: { variantId: $v, warehouseId: $w, delta: 5, reason: "x" }) { onHand } }`,
        { v: variantId, w: warehouseId },
      ],
      [
        `mutation ($v: ID!, $w: ID!) { setStock(input: { variantId: $v, warehouseId: $w, onHand: 5, reason: "x" }) { onHand } }`,
        { v: variantId, w: warehouseId },
      ],
      [
        `mutation ($v: ID!, $w: ID!) { setLowStockThreshold(variantId: $v, warehouseId: $w, threshold: 3) { onHand } }`,
        { v: variantId, w: warehouseId },
      ],
    ];
    for (const [operation, variables] of operations) {
      assert.deepEqual(errorCodes(await gql(url, operation, variables)), ['UNAUTHENTICATED'], operation);
      assert.deepEqual(errorCodes(await gql(url, operation, variables, headers.customer)), ['FORBIDDEN'], operation);
    }
    assert.equal(await itemOf(dataSource, variantId, warehouseId), undefined);
    const [{ count }] = await dataSource.query('select count(*)::int as count from warehouses where code = $1', [code]);
    assert.equal(count, 0);
    const list = await asAdmin('query { warehouses { id active } }');
    assert.deepEqual(
      list.data?.warehouses.find((w: { id: string }) => w.id === warehouseId),
      { id: warehouseId, active: true },
      'the warehouse is still active',
    );
  });

  test('createWarehouse refuses a taken code (whatever its case) with CONFLICT and malformed input with BAD_USER_INPUT', async () => {
    const code = unique('WH-').toUpperCase();
    const create = (input: Record<string, unknown>) =>
      asAdmin('mutation ($input: CreateWarehouseInput!) { createWarehouse(input: $input) { id code name active createdAt } }', {
        input,
      });
    const created = await create({ code: code.toLowerCase(), name: ' Berlin ' });
    assert.equal(created.errors, undefined);
    const warehouse = created.data?.createWarehouse;
    assert.match(warehouse.id, /^wh_[0-9A-Z]{26}$/);
    assert.deepEqual({ ...warehouse, id: undefined, createdAt: undefined }, { id: undefined, code, name: 'Berlin', active: true, createdAt: undefined });
    await deps.warehouses.setActive(warehouse.id, false);

    const duplicate = await create({ code, name: 'Another' });
    assert.deepEqual(errorCodes(duplicate), ['CONFLICT']);
    assert.match(duplicate.errors![0]!.message, new RegExp(`code ${code} already exists`));
    const malformed = await create({ code: 'no spaces allowed', name: '' });
    assert.deepEqual(errorCodes(malformed), ['BAD_USER_INPUT']);
    assert.deepEqual(
      (malformed.errors![0]!.extensions!.fields as { field: string }[]).map((f) => f.field),
      ['code', 'name'],
    );
  });

  test('stock may not go below what is reserved or below zero: CONFLICT with a clear message, and nothing written', async () => {
    const warehouseId = await warehouses.create();
    const variantId = variant();
    await deps.stock.set({ variantId, warehouseId, onHand: 5, reason: 'count' });
    const orderId = newOrderId();
    aggregates.push(orderId);
    await createOrderEventHandler(deps)(orderPlaced(orderId, [{ variantId, quantity: 3 }]));
    const before = await counts(variantId);

    const adjust = (delta: number) =>
      asAdmin(
        `mutation ($input: AdjustStockInput!) { adjustStock(input: $input) { ${LEVEL} } }`,
        { input: { variantId, warehouseId, delta, reason: 'damaged' } },
      );
    const belowReserved = await adjust(-3);
    assert.deepEqual(errorCodes(belowReserved), ['CONFLICT']);
    assert.match(belowReserved.errors![0]!.message, /below the 3 unit\(s\) reserved/);
    const set = await asAdmin(`mutation ($input: SetStockInput!) { setStock(input: $input) { onHand } }`, {
      input: { variantId, warehouseId, onHand: 2, reason: 'stocktake' },
    });
    assert.deepEqual(errorCodes(set), ['CONFLICT']);
    assert.deepEqual(await itemOf(dataSource, variantId, warehouseId), { onHand: 5, reserved: 3, lowStockThreshold: 0 });
    assert.deepEqual(await counts(variantId), before);

    const allowed = await adjust(-2);
    assert.equal(allowed.errors, undefined);
    assert.deepEqual({ ...allowed.data?.adjustStock, warehouse: allowed.data?.adjustStock.warehouse.id }, {
      variantId,
      warehouse: warehouseId,
      onHand: 3,
      reserved: 3,
      available: 0,
      lowStockThreshold: 0,
      version: 3,
    });
    assert.deepEqual(await counts(variantId), { items: 1, movements: before.movements + 1, events: before.events + 3 }, 'StockAdjusted, StockLevelChanged and LowStock');
  });

  test('bad input is refused with BAD_USER_INPUT or NOT_FOUND and writes nothing', async () => {
    const warehouseId = await warehouses.create();
    const variantId = variant();
    const adjust = (input: Record<string, unknown>) =>
      asAdmin(`mutation ($input: AdjustStockInput!) { adjustStock(input: $input) { onHand } }`, {
        input: { variantId, warehouseId, delta: 1, reason: 'receipt', ...input },
      });
    assert.deepEqual(errorCodes(await adjust({ variantId: 'var_123' })), ['BAD_USER_INPUT']);
    assert.deepEqual(errorCodes(await adjust({ warehouseId: 'wh_nope' })), ['BAD_USER_INPUT']);
    assert.deepEqual(errorCodes(await adjust({ delta: 0 })), ['BAD_USER_INPUT']);
    assert.deepEqual(errorCodes(await adjust({ reason: '   ' })), ['BAD_USER_INPUT']);
    const unknownWarehouse = await adjust({ warehouseId: 'wh_00000000000000000000000000' });
    assert.deepEqual(errorCodes(unknownWarehouse), ['NOT_FOUND']);
    assert.match(unknownWarehouse.errors![0]!.message, /No warehouse has the id wh_00000000000000000000000000/);
    const negative = await asAdmin(`mutation ($input: SetStockInput!) { setStock(input: $input) { onHand } }`, {
      input: { variantId, warehouseId, onHand: -1, reason: 'count' },
    });
    assert.deepEqual(errorCodes(negative), ['BAD_USER_INPUT']);
    const threshold = await asAdmin(
      `mutation ($v: ID!, $w: ID!) { setLowStockThreshold(variantId: $v, warehouseId: $w, threshold: -1) { onHand } }`,
      { v: variantId, w: warehouseId },
    );
    assert.deepEqual(errorCodes(threshold), ['BAD_USER_INPUT']);
    assert.deepEqual(await counts(variantId), { items: 0, movements: 0, events: 0 });

    const badCursor = await asAdmin('query { stockMovements(after: "not-a-cursor") { totalCount } }');
    assert.deepEqual(errorCodes(badCursor), ['BAD_USER_INPUT']);
  });

  test('admin stock changes create the stock item on first use, record movements, and page newest first', async () => {
    const warehouseId = await warehouses.create();
    const variantId = variant();
    const threshold = await asAdmin(
      `mutation ($v: ID!, $w: ID!) { setLowStockThreshold(variantId: $v, warehouseId: $w, threshold: 4) { ${LEVEL} } }`,
      { v: variantId, w: warehouseId },
    );
    assert.equal(threshold.data?.setLowStockThreshold.lowStockThreshold, 4);
    await asAdmin(`mutation ($input: SetStockInput!) { setStock(input: $input) { onHand } }`, {
      input: { variantId, warehouseId, onHand: 10, reason: 'stocktake' },
    });
    for (const delta of [5, -7]) {
      await asAdmin(`mutation ($input: AdjustStockInput!) { adjustStock(input: $input) { onHand } }`, {
        input: { variantId, warehouseId, delta, reason: `delta ${delta}` },
      });
    }
    const page = (after?: string) =>
      asAdmin(
        `query ($v: ID, $after: String) {
          stockMovements(variantId: $v, first: 2, after: $after) {
            totalCount
            pageInfo { hasNextPage endCursor }
            edges { cursor node { id kind variantId warehouse { id } onHandDelta reservedDelta onHandAfter reservedAfter reason orderId createdAt } }
          }
        }`,
        { v: variantId, after },
      );
    const first = (await page()).data?.stockMovements;
    assert.equal(first.totalCount, 3);
    assert.equal(first.pageInfo.hasNextPage, true);
    assert.deepEqual(
      first.edges.map((e: any) => [e.node.kind, e.node.onHandDelta, e.node.onHandAfter, e.node.reason, e.node.warehouse.id]),
      [
        ['ADJUSTMENT', -7, 8, 'delta -7', warehouseId],
        ['ADJUSTMENT', 5, 15, 'delta 5', warehouseId],
      ],
    );
    const second = (await page(first.pageInfo.endCursor)).data?.stockMovements;
    assert.equal(second.pageInfo.hasNextPage, false);
    assert.deepEqual(
      second.edges.map((e: any) => [e.node.kind, e.node.onHandDelta, e.node.onHandAfter, e.node.orderId]),
      [['SET', 10, 10, null]],
    );
    // Available went 10 → 15 → 8: never at or below 4, so no LowStock.
    const [{ types }] = await dataSource.query(
      `select array_agg(envelope->>'eventType' order by id) as types from outbox where message_key = $1`,
      [variantId],
    );
    assert.deepEqual(types, ['StockAdjusted', 'StockLevelChanged', 'StockAdjusted', 'StockLevelChanged', 'StockAdjusted', 'StockLevelChanged']);
  });

  test('lowStock pages the items at or below their threshold, stocked at some time, in active warehouses; admins only', async () => {
    const [main, spare, closing] = [await warehouses.create(), await warehouses.create(), await warehouses.create()];
    // Ids grow with time: newest first, these come in the reverse order, before every item of earlier tests.
    const [running, soldOut, promised, plenty, neverStocked, inClosing] = [variant(), variant(), variant(), variant(), variant(), variant()];
    const set = (variantId: string, warehouseId: string, onHand: number, threshold: number) =>
      deps.stock
        .setThreshold({ variantId, warehouseId, threshold })
        .then(() => deps.stock.set({ variantId, warehouseId, onHand, reason: 'count' }));
    await set(running, main, 3, 5);
    await set(running, spare, 10, 5);
    await set(soldOut, main, 2, 0);
    await set(soldOut, main, 0, 0);
    await set(promised, main, 2, 0);
    await createOrderEventHandler(deps)(orderPlaced(newOrderId(), [{ variantId: promised, quantity: 2 }]));
    await set(plenty, main, 6, 5);
    // A zero item that never held a unit is not running low, whatever its threshold.
    await deps.stock.setThreshold({ variantId: neverStocked, warehouseId: main, threshold: 3 });
    await set(inClosing, closing, 1, 5);
    await deps.warehouses.setActive(closing, false);

    const mine = new Set([running, soldOut, promised, plenty, neverStocked, inClosing]);
    const page = (who: Record<string, string>, variables: Record<string, unknown>) =>
      gql(
        url,
        `query ($first: Int, $after: String) {
          lowStock(first: $first, after: $after) {
            totalCount
            pageInfo { hasNextPage endCursor }
            edges { cursor node { ${LEVEL} } }
          }
        }`,
        variables,
        who,
      );
    // Start just before this test's newest variant, then page two items at a time past its oldest.
    const seen: unknown[][] = [];
    let after: string | null = encodeItemCursor({ variantId: inClosing, warehouseId: 'wh_ZZZZZZZZZZZZZZZZZZZZZZZZZZ' });
    let pages = 0;
    while (after) {
      const response = await page(headers.admin, { first: 2, after });
      assert.equal(response.errors, undefined, JSON.stringify(response.errors));
      const connection = response.data?.lowStock;
      assert.ok(connection.edges.length <= 2);
      assert.ok(connection.totalCount >= 3);
      for (const { node } of connection.edges) {
        if (mine.has(node.variantId)) seen.push([node.variantId, node.warehouse.id, node.onHand, node.reserved, node.available, node.lowStockThreshold]);
      }
      const pastMine = connection.edges.some(({ node }: any) => node.variantId < running);
      after = connection.pageInfo.hasNextPage && !pastMine ? connection.pageInfo.endCursor : null;
      pages += 1;
    }
    assert.ok(pages >= 2, 'more than one page');
    assert.deepEqual(seen, [
      [promised, main, 2, 2, 0, 0],
      [soldOut, main, 0, 0, 0, 0],
      [running, main, 3, 0, 3, 5],
    ]);

    assert.deepEqual(errorCodes(await page(headers.customer, {})), ['FORBIDDEN']);
    assert.deepEqual(errorCodes(await page(headers.anonymous, {})), ['UNAUTHENTICATED']);
    assert.deepEqual(errorCodes(await page(headers.admin, { after: 'bogus' })), ['BAD_USER_INPUT']);
    assert.deepEqual(errorCodes(await page(headers.admin, { first: 101 })), ['BAD_USER_INPUT']);
  });

  test('stock of 50 variants, and the warehouses of 50 movements, cost as many SQL statements as for 5', async () => {
    const warehouseId = await warehouses.create();
    const variants = Array.from({ length: 50 }, () => variant());
    for (const variantId of variants) await deps.stock.set({ variantId, warehouseId, onHand: 2, reason: 'count' });

    const statementsFor = async (ids: string[]) => {
      queries = [];
      const response = await gql(
        url,
        `query ($representations: [_Any!]!) {
          _entities(representations: $representations) {
            ... on ProductVariant { id inStock stock { available onHand reserved levels { warehouse { code } available } } }
          }
        }`,
        { representations: ids.map((id) => ({ __typename: 'ProductVariant', id })) },
        headers.admin,
      );
      assert.equal(response.errors, undefined);
      assert.equal(response.data?._entities.length, ids.length);
      assert.ok(response.data?._entities.every((entity: any) => entity.inStock && entity.stock.available >= 2));
      return queries.length;
    };
    const few = await statementsFor(variants.slice(0, 5));
    const many = await statementsFor(variants);
    assert.equal(many, few, 'the statement count does not grow with the number of variants');
    assert.equal(many, 1, 'one batched select of stock levels');

    const movementStatements = async (first: number) => {
      queries = [];
      const response = await asAdmin(
        `query ($w: ID!, $first: Int!) { stockMovements(warehouseId: $w, first: $first) { edges { node { warehouse { code } } } } }`,
        { w: warehouseId, first },
      );
      assert.equal(response.data?.stockMovements.edges.length, first);
      return queries.length;
    };
    assert.equal(await movementStatements(50), await movementStatements(5));
    assert.ok((await movementStatements(50)) <= 3, 'count, page and one batched warehouse lookup');
  });
});
