import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { DataSource } from 'typeorm';
import { StockLevelChanged, StockReleased, StockReservationFailed, StockReserved, matchEvent, type EventEnvelope } from '@commerce/events';
import { newId } from '@commerce/service-kit';
import { assertWithinBudget, testLogger } from '@commerce/testkit';
import type { Deps } from '../src/context.ts';
import { createCatalogEventHandler, createOrderEventHandler } from '../src/events/consumers.ts';
import { startReservationSweeper, type ReservationSweeper } from '../src/jobs/release-stock-when-reservation-expires.ts';
import {
  connect,
  depsFor,
  discardOutbox,
  itemOf,
  ledgerOf,
  newOrderId,
  newVariantId,
  orderCancelled,
  orderConfirmed,
  orderPlaced,
  orderShipped,
  outboxOf,
  outboxTypes,
  productCreated,
  productDeleted,
  waitFor,
  warehousesFor,
} from './support.ts';

// The order events go through the same handlers the Kafka consumer calls (inbox included);
// only the broker is left out, which kafka.test.ts covers. The database is shared with other
// runs, so every assertion is about this suite's own variants, warehouses and orders.
describe('reservations against the real PostgreSQL', () => {
  const logger = testLogger('inventory-reservations');
  let dataSource: DataSource;
  let deps: Deps;
  let onOrderEvent: (event: EventEnvelope) => Promise<void>;
  let onCatalogEvent: (event: EventEnvelope) => Promise<void>;
  const warehouses = warehousesFor(() => deps);
  const aggregates: string[] = [];

  /** Stock of a fresh variant: `quantities[i]` units in a fresh warehouse each. */
  async function stocked(...quantities: number[]): Promise<{ variantId: string; warehouseIds: string[] }> {
    const variantId = newVariantId();
    aggregates.push(variantId);
    const warehouseIds: string[] = [];
    for (const onHand of quantities) {
      const warehouseId = await warehouses.create();
      await deps.stock.set({ variantId, warehouseId, onHand, reason: 'initial count' });
      warehouseIds.push(warehouseId);
    }
    return { variantId, warehouseIds };
  }

  function order(): string {
    const orderId = newOrderId();
    aggregates.push(orderId);
    return orderId;
  }

  async function totals(variantId: string) {
    const [row] = await dataSource.query(
      'select sum(on_hand)::int as "onHand", sum(reserved)::int as reserved from stock_items where variant_id = $1',
      [variantId],
    );
    return row as { onHand: number; reserved: number };
  }

  async function assertLedgerAddsUp(variantId: string) {
    for (const entry of await ledgerOf(dataSource, variantId)) {
      assert.deepEqual(entry.log, entry.item, `movement log of ${entry.warehouseId} adds up to the item`);
      assert.ok(entry.chained, `movements of ${entry.warehouseId} chain their "after" values`);
    }
  }

  before(async () => {
    dataSource = await connect(logger, { poolSize: 20 });
    deps = depsFor(dataSource, logger);
    onOrderEvent = createOrderEventHandler(deps);
    onCatalogEvent = createCatalogEventHandler(deps);
  });

  after(async () => {
    await warehouses.retireAll();
    await discardOutbox(dataSource, aggregates);
    await dataSource.destroy();
  });

  test('a reservation locks only stock rows that can fulfil it: a held row of an empty warehouse does not make it wait', async () => {
    const { variantId, warehouseIds } = await stocked(3, 0);
    const [full, empty] = warehouseIds as [string, string];
    const holder = dataSource.createQueryRunner();
    await holder.connect();
    await holder.startTransaction();
    try {
      await holder.query('select 1 from stock_items where variant_id = $1 and warehouse_id = $2 for update', [variantId, empty]);
      const orderId = order();
      const reserved = onOrderEvent(orderPlaced(orderId, [{ variantId, quantity: 2 }]));
      const waited = await Promise.race([reserved.then(() => false), new Promise<boolean>((resolve) => setTimeout(resolve, 5_000, true))]);
      assert.equal(waited, false, 'the reservation completed while the empty row was locked elsewhere');
      assert.deepEqual(await itemOf(dataSource, variantId, full), { onHand: 3, reserved: 2, lowStockThreshold: 0 });
    } finally {
      await holder.rollbackTransaction();
      await holder.release();
    }
  });

  test('reserving from an event is at most four statements (begin, inbox and claims with reads and locks, the writes, commit); keeping it at most one', async () => {
    let statements: string[] = [];
    const counted = await connect(logger, { onQuery: (sql) => statements.push(sql) });
    try {
      const handle = createOrderEventHandler(depsFor(counted, logger));
      const { variantId, warehouseIds } = await stocked(5);
      const orderId = order();
      statements = [];
      await handle(orderPlaced(orderId, [{ variantId, quantity: 2 }]));
      assertWithinBudget(statements.length, 4, 'reserving', statements);
      assert.equal((await itemOf(dataSource, variantId, warehouseIds[0]!))?.reserved, 2);
      statements = [];
      await handle(orderConfirmed(orderId));
      assertWithinBudget(statements.length, 1, 'keeping the reservation', statements);
      const [kept] = await dataSource.query('select expires_at from reservations where order_id = $1', [orderId]);
      assert.equal(kept.expires_at, null, 'kept until shipment');
    } finally {
      await counted.destroy();
    }
  });

  test('50 concurrent orders for 10 units over two warehouses: exactly 10 are reserved and nothing is oversold', async () => {
    const { variantId, warehouseIds } = await stocked(6, 4);
    const orders = Array.from({ length: 50 }, () => order());

    const results = await Promise.allSettled(orders.map((orderId) => onOrderEvent(orderPlaced(orderId, [{ variantId, quantity: 1 }]))));
    assert.deepEqual(
      results.filter((result) => result.status === 'rejected'),
      [],
      'every reservation attempt completes (no deadlock, no constraint violation)',
    );

    const statuses: { status: string; count: number }[] = await dataSource.query(
      'select status, count(*)::int as count from reservations where order_id = any($1::text[]) group by status order by status',
      [orders],
    );
    assert.deepEqual(statuses, [
      { status: 'FAILED', count: 40 },
      { status: 'RESERVED', count: 10 },
    ]);
    assert.deepEqual(await totals(variantId), { onHand: 10, reserved: 10 });
    for (const warehouseId of warehouseIds) {
      const item = await itemOf(dataSource, variantId, warehouseId);
      assert.equal(item!.reserved, item!.onHand, 'every unit of every warehouse is reserved');
    }
    const summary = (await deps.stock.levelsOf([variantId]))[0]!;
    assert.equal(summary.reduce((sum, level) => sum + level.onHand - level.reserved, 0), 0, 'available ends at 0');

    const outcomes = await Promise.all(orders.map(async (orderId) => (await outboxOf(dataSource, orderId)).map((e) => e.eventType)));
    assert.equal(outcomes.filter((types) => types.join() === 'StockReserved').length, 10);
    assert.equal(outcomes.filter((types) => types.join() === 'StockReservationFailed').length, 40);
    const [lines] = await dataSource.query(
      `select sum(l.quantity)::int as quantity from reservation_lines l join reservations r on r.id = l.reservation_id
        where r.order_id = any($1::text[])`,
      [orders],
    );
    assert.equal(lines.quantity, 10, 'reservation lines add up to what is reserved');
    await assertLedgerAddsUp(variantId);
  });

  test('an order with one short line reserves nothing and reports the shortfall; one that fits reserves every line', async () => {
    const plenty = await stocked(5);
    const scarce = await stocked(1);
    const short = order();
    await onOrderEvent(
      orderPlaced(short, [
        { variantId: plenty.variantId, quantity: 2 },
        { variantId: scarce.variantId, quantity: 2 },
      ]),
    );
    const [failed] = await outboxOf(dataSource, short);
    assert.deepEqual(matchEvent(StockReservationFailed, failed!)?.data, {
      orderId: short,
      reason: 'OUT_OF_STOCK',
      lines: [{ variantId: scarce.variantId, requested: 2, available: 1 }],
    });
    assert.deepEqual(await totals(plenty.variantId), { onHand: 5, reserved: 0 }, 'the line that fitted was not reserved either');
    assert.deepEqual(await totals(scarce.variantId), { onHand: 1, reserved: 0 });
    assert.equal(await deps.reservations.statusOf(short), 'FAILED');

    const fits = order();
    await onOrderEvent(
      orderPlaced(fits, [
        { variantId: plenty.variantId, quantity: 2 },
        { variantId: scarce.variantId, quantity: 1 },
      ]),
    );
    const [reserved] = await outboxOf(dataSource, fits);
    const data = matchEvent(StockReserved, reserved!)?.data;
    assert.deepEqual(
      data?.lines.map((line) => [line.variantId, line.quantity, line.allocations]),
      [
        [plenty.variantId, 2, [{ warehouseId: plenty.warehouseIds[0], quantity: 2 }]],
        [scarce.variantId, 1, [{ warehouseId: scarce.warehouseIds[0], quantity: 1 }]],
      ].sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
    );
    assert.deepEqual(await totals(plenty.variantId), { onHand: 5, reserved: 2 });
    assert.deepEqual(await totals(scarce.variantId), { onHand: 1, reserved: 1 });
  });

  test('cancelling releases the reserved units and shipping takes them off hand', async () => {
    const { variantId } = await stocked(10);
    const cancelled = order();
    const shipped = order();
    await onOrderEvent(orderPlaced(cancelled, [{ variantId, quantity: 3 }]));
    await onOrderEvent(orderPlaced(shipped, [{ variantId, quantity: 2 }]));
    assert.deepEqual(await totals(variantId), { onHand: 10, reserved: 5 });

    await onOrderEvent(orderCancelled(cancelled));
    assert.deepEqual(await totals(variantId), { onHand: 10, reserved: 2 });
    assert.equal(await deps.reservations.statusOf(cancelled), 'RELEASED');
    const released = matchEvent(StockReleased, (await outboxOf(dataSource, cancelled))[1]!);
    assert.equal(released?.data.reason, 'CANCELLED');

    await onOrderEvent(orderShipped(shipped));
    assert.deepEqual(await totals(variantId), { onHand: 8, reserved: 0 });
    assert.equal(await deps.reservations.statusOf(shipped), 'COMMITTED');
    assert.deepEqual(await outboxTypes(dataSource, shipped), ['StockReserved', 'StockCommitted']);

    const kinds: { kind: string; on_hand_delta: number; reserved_delta: number }[] = await dataSource.query(
      'select kind, on_hand_delta, reserved_delta from stock_movements where variant_id = $1 order by id',
      [variantId],
    );
    assert.deepEqual(
      kinds.map((m) => [m.kind, m.on_hand_delta, m.reserved_delta]),
      [
        ['SET', 10, 0],
        ['RESERVATION', 0, 3],
        ['RESERVATION', 0, 2],
        ['RELEASE', 0, -3],
        ['COMMIT', -2, -2],
      ],
    );
    await assertLedgerAddsUp(variantId);
  });

  test('every change of an item publishes StockLevelChanged keyed by the variant, with what is available after it and the next version', async () => {
    const { variantId, warehouseIds } = await stocked(1, 2);
    const [one, two] = warehouseIds as [string, string];
    const cancelled = order();
    const shipped = order();
    // All 3 units (both warehouses) are reserved, then released; then 1 unit (from `two`, which has the most) is reserved and shipped.
    await onOrderEvent(orderPlaced(cancelled, [{ variantId, quantity: 3 }]));
    await onOrderEvent(orderCancelled(cancelled));
    await onOrderEvent(orderPlaced(shipped, [{ variantId, quantity: 1 }]));
    await onOrderEvent(orderShipped(shipped));

    const events = await outboxOf(dataSource, variantId);
    assert.ok(events.every((event) => event.aggregateId === variantId));
    const levels = events
      .map((event) => matchEvent(StockLevelChanged, event)?.data)
      .filter((data) => data !== undefined)
      .map((data) => [data.warehouseId === one ? 'one' : 'two', data.kind, data.orderId, data.onHand, data.reserved, data.available, data.version] as const)
      // Items of one change are published in lock or allocation order; each item's in version order.
      .sort((a, b) => a[6] - b[6] || a[0].localeCompare(b[0]));
    assert.deepEqual(levels, [
      ['one', 'SET', null, 1, 0, 1, 1],
      ['two', 'SET', null, 2, 0, 2, 1],
      ['one', 'RESERVATION', cancelled, 1, 1, 0, 2],
      ['two', 'RESERVATION', cancelled, 2, 2, 0, 2],
      ['one', 'RELEASE', cancelled, 1, 0, 1, 3],
      ['two', 'RELEASE', cancelled, 2, 0, 2, 3],
      ['two', 'RESERVATION', shipped, 2, 1, 1, 4],
      ['two', 'COMMIT', shipped, 1, 0, 1, 5],
    ]);
    const stored: { warehouse_id: string; version: number }[] = await dataSource.query(
      'select warehouse_id, version::int as version from stock_items where variant_id = $1',
      [variantId],
    );
    assert.deepEqual(
      Object.fromEntries(stored.map((row) => [row.warehouse_id, row.version])),
      { [one]: 3, [two]: 5 },
      'the events carry the versions stored with the items',
    );
  });

  test('taking a warehouse out of fulfilment, and back, publishes StockLevelChanged for each item with units available there, and for no other', async () => {
    const { variantId, warehouseIds } = await stocked(2);
    const warehouseId = warehouseIds[0]!;
    const empty = newVariantId();
    aggregates.push(empty);
    await deps.stock.set({ variantId: empty, warehouseId, onHand: 0, reason: 'count' });
    const warehouseLevels = async (id: string) =>
      (await outboxOf(dataSource, id))
        .map((event) => matchEvent(StockLevelChanged, event)?.data)
        .filter((data) => data?.kind === 'WAREHOUSE')
        .map((data) => [data!.warehouseId, data!.available, data!.warehouseActive, data!.version]);

    await deps.warehouses.setActive(warehouseId, false);
    assert.deepEqual(await warehouseLevels(variantId), [[warehouseId, 2, false, 2]]);
    await deps.warehouses.setActive(warehouseId, false);
    await deps.warehouses.setActive(warehouseId, true);
    assert.deepEqual(await warehouseLevels(variantId), [
      [warehouseId, 2, false, 2],
      [warehouseId, 2, true, 3],
    ], 'a second deactivation changes nothing');
    assert.deepEqual(await warehouseLevels(empty), [], 'nothing available there: nothing to tell');
    // A later change of the item carries the warehouse as it is.
    await deps.warehouses.setActive(warehouseId, false);
    await deps.stock.adjust({ variantId, warehouseId, delta: 1, reason: 'found one' });
    const last = matchEvent(StockLevelChanged, (await outboxOf(dataSource, variantId)).at(-1)!)?.data;
    assert.deepEqual(last && [last.kind, last.available, last.warehouseActive, last.version], ['ADJUSTMENT', 3, false, 5]);
  });

  test('a redelivered OrderPlaced, or a second one for the same order, reserves once', async () => {
    const { variantId } = await stocked(10);
    const orderId = order();
    const placed = orderPlaced(orderId, [{ variantId, quantity: 4 }]);
    await onOrderEvent(placed);
    await onOrderEvent(placed);
    await Promise.all([onOrderEvent(orderPlaced(orderId, [{ variantId, quantity: 4 }])), onOrderEvent(placed)]);
    assert.deepEqual(await totals(variantId), { onHand: 10, reserved: 4 });
    assert.deepEqual(await outboxTypes(dataSource, orderId), ['StockReserved']);
    const [{ count }] = await dataSource.query(
      `select count(*)::int as count from stock_movements where variant_id = $1 and kind = 'RESERVATION'`,
      [variantId],
    );
    assert.equal(count, 1);
  });

  test('a late OrderShipped after a cancellation, and a second cancellation, change nothing', async () => {
    const { variantId } = await stocked(5);
    const orderId = order();
    await onOrderEvent(orderPlaced(orderId, [{ variantId, quantity: 2 }]));
    await onOrderEvent(orderCancelled(orderId));
    await onOrderEvent(orderShipped(orderId));
    await onOrderEvent(orderCancelled(orderId, 'again'));
    assert.deepEqual(await totals(variantId), { onHand: 5, reserved: 0 });
    assert.equal(await deps.reservations.statusOf(orderId), 'RELEASED');
    assert.deepEqual(await outboxTypes(dataSource, orderId), ['StockReserved', 'StockReleased']);
    await assertLedgerAddsUp(variantId);
  });

  test('an OrderPlaced arriving after its order was cancelled reserves nothing', async () => {
    const { variantId } = await stocked(5);
    const orderId = order();
    await onOrderEvent(orderCancelled(orderId));
    await onOrderEvent(orderPlaced(orderId, [{ variantId, quantity: 1 }]));
    assert.deepEqual(await totals(variantId), { onHand: 5, reserved: 0 });
    assert.deepEqual(await outboxTypes(dataSource, orderId), []);
  });

  describe('expiry', () => {
    let shortLived: Deps;
    let sweeper: ReservationSweeper;

    before(() => {
      shortLived = depsFor(dataSource, logger, 1);
      // The timer never fires within the suite; passes are run by hand.
      sweeper = startReservationSweeper({ reservations: shortLived.reservations, logger, intervalMs: 3_600_000 });
    });

    after(() => sweeper.stop());

    test('a reservation past its deadline is released by the sweeper with reason EXPIRED, and later events are no-ops', async () => {
      const { variantId } = await stocked(3);
      const orderId = order();
      const placed = orderPlaced(orderId, [{ variantId, quantity: 2 }]);
      await createOrderEventHandler(shortLived)(placed);
      assert.deepEqual(await totals(variantId), { onHand: 3, reserved: 2 });
      await sweeper.sweep();
      assert.equal(await deps.reservations.statusOf(orderId), 'RESERVED', 'not due yet');

      await new Promise((resolve) => setTimeout(resolve, 1200));
      // Asserted on the reservation, not on what this sweeper returns: a sweeper of a parallel
      // run on the shared database may get to it first, with the same effect.
      await sweeper.sweep();
      assert.equal(await deps.reservations.statusOf(orderId), 'EXPIRED');
      assert.deepEqual(await totals(variantId), { onHand: 3, reserved: 0 });
      const released = matchEvent(StockReleased, (await outboxOf(dataSource, orderId))[1]!);
      assert.equal(released?.data.reason, 'EXPIRED');
      assert.equal(released?.correlationId, placed.correlationId, 'the expiry stays in the order saga');
      const level = matchEvent(StockLevelChanged, (await outboxOf(dataSource, variantId)).at(-1)!);
      assert.deepEqual(
        level && [level.data.kind, level.data.orderId, level.data.available, level.data.version, level.correlationId],
        ['RELEASE', orderId, 3, 3, placed.correlationId],
        'the expiry gives the 2 units back to what is available',
      );

      await onOrderEvent(orderShipped(orderId));
      await onOrderEvent(orderCancelled(orderId));
      assert.deepEqual(await totals(variantId), { onHand: 3, reserved: 0 });
      assert.deepEqual(await outboxTypes(dataSource, orderId), ['StockReserved', 'StockReleased']);
      await assertLedgerAddsUp(variantId);
    });

    test('the sweeper expires due reservations on its own timer, and stops when asked', async () => {
      const { variantId } = await stocked(1);
      const orderId = order();
      const ticking = startReservationSweeper({ reservations: shortLived.reservations, logger, intervalMs: 100 });
      try {
        await createOrderEventHandler(shortLived)(orderPlaced(orderId, [{ variantId, quantity: 1 }]));
        await waitFor(async () => (await deps.reservations.statusOf(orderId)) === 'EXPIRED', 10_000, 'the timed sweep');
        assert.deepEqual(await totals(variantId), { onHand: 1, reserved: 0 });
      } finally {
        await ticking.stop();
      }
    });

    test('a confirmed (paid) order keeps its reservation past the deadline until it ships', async () => {
      const { variantId } = await stocked(3);
      const orderId = order();
      const handle = createOrderEventHandler(shortLived);
      await handle(orderPlaced(orderId, [{ variantId, quantity: 1 }]));
      await handle(orderConfirmed(orderId));
      await new Promise((resolve) => setTimeout(resolve, 1200));
      await sweeper.sweep();
      assert.equal(await deps.reservations.statusOf(orderId), 'RESERVED');
      await handle(orderShipped(orderId));
      assert.deepEqual(await totals(variantId), { onHand: 2, reserved: 0 });
    });
  });

  test('orders for variants nobody knows, or of deleted products, fail with UNKNOWN_VARIANT', async () => {
    const never = newVariantId();
    const orderId = order();
    await onOrderEvent(orderPlaced(orderId, [{ variantId: never, quantity: 1 }]));
    const [failed] = await outboxOf(dataSource, orderId);
    assert.deepEqual(matchEvent(StockReservationFailed, failed!)?.data.reason, 'UNKNOWN_VARIANT');

    const productId = newId('prd');
    const { variantId } = await stocked(4);
    await onCatalogEvent(productCreated(productId, [variantId]));
    await onCatalogEvent(productDeleted(productId, [variantId]));
    const afterDeletion = order();
    await onOrderEvent(orderPlaced(afterDeletion, [{ variantId, quantity: 1 }]));
    const [refused] = await outboxOf(dataSource, afterDeletion);
    assert.deepEqual(matchEvent(StockReservationFailed, refused!)?.data, {
      orderId: afterDeletion,
      reason: 'UNKNOWN_VARIANT',
      lines: [{ variantId, requested: 1, available: 0 }],
    });
    assert.deepEqual(await totals(variantId), { onHand: 4, reserved: 0 });
  });

  test('a new product gets zero stock in every active warehouse, and a new warehouse gets zero stock of every known variant', async () => {
    const existing = await warehouses.create();
    const productId = newId('prd');
    const variants = [newVariantId(), newVariantId()];
    aggregates.push(...variants);
    await onCatalogEvent(productCreated(productId, variants));
    for (const variantId of variants) {
      assert.deepEqual(await itemOf(dataSource, variantId, existing), { onHand: 0, reserved: 0, lowStockThreshold: 0 });
    }
    const later = await warehouses.create();
    for (const variantId of variants) {
      assert.deepEqual(await itemOf(dataSource, variantId, later), { onHand: 0, reserved: 0, lowStockThreshold: 0 });
    }
    // Known with zero stock: a shortage, not an unknown variant.
    const orderId = order();
    await onOrderEvent(orderPlaced(orderId, [{ variantId: variants[0]!, quantity: 1 }]));
    const [failed] = await outboxOf(dataSource, orderId);
    assert.equal(matchEvent(StockReservationFailed, failed!)?.data.reason, 'OUT_OF_STOCK');
  });

  test('a reservation that takes an item to its low-stock threshold emits LowStock keyed by the variant, once', async () => {
    const { variantId, warehouseIds } = await stocked(5);
    const warehouseId = warehouseIds[0]!;
    await deps.stock.setThreshold({ variantId, warehouseId, threshold: 2 });
    await onOrderEvent(orderPlaced(order(), [{ variantId, quantity: 2 }]));
    const lowStock = async () => (await outboxOf(dataSource, variantId)).filter((event) => event.eventType === 'LowStock');
    assert.deepEqual(await lowStock(), [], 'available 3 is still above 2');
    await onOrderEvent(orderPlaced(order(), [{ variantId, quantity: 1 }]));
    await onOrderEvent(orderPlaced(order(), [{ variantId, quantity: 1 }]));
    const events = await lowStock();
    assert.equal(events.length, 1, 'LowStock when crossing, not again while low');
    assert.deepEqual(events[0]!.data, { variantId, warehouseId, available: 2, threshold: 2 });
  });
});
