import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateInventory1795400000000 implements MigrationInterface {
  name = 'CreateInventory1795400000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      create table warehouses (
        id          text primary key,
        code        text not null,
        name        text not null,
        active      boolean not null default true,
        created_at  timestamptz not null default now(),
        constraint warehouses_code_key unique (code)
      )`);
    // The catalog's variants as announced by its events (a local read model, docs/architecture.md#ownership).
    // changed_at is the catalog's time of the fact, so a replayed older event never
    // reactivates a variant that a newer event removed.
    await runner.query(`
      create table variants (
        variant_id  text primary key,
        product_id  text not null,
        sku         text,
        active      boolean not null,
        changed_at  timestamptz not null,
        updated_at  timestamptz not null default now()
      )`);
    await runner.query('create index variants_product_idx on variants (product_id)');
    // The CHECK is the last line against overselling: even a code path that forgot its row
    // lock cannot commit more reserved than on hand.
    await runner.query(`
      create table stock_items (
        variant_id           text not null,
        warehouse_id         text not null references warehouses (id),
        on_hand              integer not null default 0,
        reserved             integer not null default 0,
        low_stock_threshold  integer not null default 0,
        updated_at           timestamptz not null default now(),
        primary key (variant_id, warehouse_id),
        constraint stock_items_quantities_check check (reserved <= on_hand and reserved >= 0 and on_hand >= 0),
        constraint stock_items_threshold_check check (low_stock_threshold >= 0)
      )`);
    await runner.query('create index stock_items_warehouse_idx on stock_items (warehouse_id)');
    // One reservation per order, whatever its fate: the unique order id is what makes a
    // second OrderPlaced for the same order a no-op even when its event id differs.
    await runner.query(`
      create table reservations (
        id              text primary key,
        order_id        text not null,
        status          text not null,
        expires_at      timestamptz,
        -- The order saga's correlation id, for events no incoming event causes (expiry).
        correlation_id  text,
        created_at      timestamptz not null default now(),
        updated_at      timestamptz not null default now(),
        constraint reservations_order_id_key unique (order_id),
        constraint reservations_status_check check (status in ('RESERVED', 'RELEASED', 'COMMITTED', 'EXPIRED', 'FAILED'))
      )`);
    // The sweeper only ever looks at held reservations; the index stays as small as they are.
    await runner.query(`create index reservations_due_idx on reservations (expires_at) where status = 'RESERVED'`);
    await runner.query(`
      create table reservation_lines (
        reservation_id  text not null references reservations (id),
        variant_id      text not null,
        warehouse_id    text not null,
        quantity        integer not null,
        primary key (reservation_id, variant_id, warehouse_id),
        foreign key (variant_id, warehouse_id) references stock_items (variant_id, warehouse_id),
        constraint reservation_lines_quantity_check check (quantity > 0)
      )`);
    await runner.query(`
      create table stock_movements (
        id              text primary key,
        kind            text not null,
        variant_id      text not null,
        warehouse_id    text not null,
        on_hand_delta   integer not null,
        reserved_delta  integer not null,
        on_hand_after   integer not null,
        reserved_after  integer not null,
        reason          text not null,
        order_id        text,
        created_at      timestamptz not null default now(),
        foreign key (variant_id, warehouse_id) references stock_items (variant_id, warehouse_id),
        constraint stock_movements_kind_check check (kind in ('ADJUSTMENT', 'SET', 'RESERVATION', 'RELEASE', 'COMMIT'))
      )`);
    await runner.query('create index stock_movements_variant_idx on stock_movements (variant_id, id)');
    await runner.query('create index stock_movements_warehouse_idx on stock_movements (warehouse_id, id)');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('drop table stock_movements');
    await runner.query('drop table reservation_lines');
    await runner.query('drop table reservations');
    await runner.query('drop table stock_items');
    await runner.query('drop table variants');
    await runner.query('drop table warehouses');
  }
}
