import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateOrders1795500000000 implements MigrationInterface {
  name = 'CreateOrders1795500000000';

  async up(runner: QueryRunner): Promise<void> {
    // The catalog's variants as announced by its events (a local read model, docs/architecture.md#ownership):
    // checkout prices come from here, never from the client. changed_at is the catalog's
    // time of the fact, so a replayed older event never overwrites a newer one.
    await runner.query(`
      create table variants (
        variant_id      text primary key,
        product_id      text not null,
        sku             text not null,
        name            text not null,
        price_amount    bigint not null,
        price_currency  text not null,
        weight_grams    integer,
        active          boolean not null,
        changed_at      timestamptz not null,
        updated_at      timestamptz not null default now()
      )`);
    await runner.query('create index variants_product_idx on variants (product_id)');

    await runner.query(`
      create table carts (
        id           text primary key,
        customer_id  text not null,
        created_at   timestamptz not null default now(),
        updated_at   timestamptz not null default now(),
        constraint carts_customer_id_key unique (customer_id)
      )`);
    // Lines hold no price: the cart always shows the read model's current one.
    await runner.query(`
      create table cart_lines (
        cart_id     text not null references carts (id),
        variant_id  text not null,
        quantity    integer not null,
        added_at    timestamptz not null default now(),
        primary key (cart_id, variant_id),
        constraint cart_lines_quantity_check check (quantity between 1 and 100)
      )`);

    await runner.query('create sequence order_number_seq');
    // saga holds what inventory, payments and shipping reported (domain/saga.ts), so an
    // event that arrives before its predecessor is remembered rather than lost.
    await runner.query(`
      create table orders (
        id                 text primary key,
        number             text not null,
        customer_id        text not null,
        status             text not null,
        currency           text not null,
        subtotal           bigint not null,
        shipping_total     bigint not null,
        total              bigint not null,
        shipping_address   jsonb not null,
        shipping_service   text not null,
        payment_method_id  text not null,
        idempotency_key    text not null,
        correlation_id     text not null,
        saga               jsonb not null default '{}',
        placed_at          timestamptz not null,
        updated_at         timestamptz not null,
        constraint orders_number_key unique (number),
        -- What makes a repeated placeOrder (even a concurrent one) find the first order.
        constraint orders_idempotency_key unique (customer_id, idempotency_key),
        constraint orders_status_check
          check (status in ('PENDING', 'AWAITING_PAYMENT', 'CONFIRMED', 'SHIPPED', 'DELIVERED', 'CANCELLED')),
        constraint orders_service_check check (shipping_service in ('STANDARD', 'EXPRESS')),
        constraint orders_total_check check (subtotal >= 0 and shipping_total >= 0 and total = subtotal + shipping_total)
      )`);
    await runner.query('create index orders_customer_idx on orders (customer_id, id)');
    await runner.query('create index orders_status_idx on orders (status, id)');
    // The expiry sweeper only ever looks at unpaid orders; the index stays as small as they are.
    await runner.query(`create index orders_unpaid_idx on orders (placed_at) where status in ('PENDING', 'AWAITING_PAYMENT')`);

    await runner.query(`
      create table order_lines (
        order_id      text not null references orders (id),
        position      integer not null,
        product_id    text not null,
        variant_id    text not null,
        sku           text not null,
        name          text not null,
        unit_price    bigint not null,
        quantity      integer not null,
        weight_grams  integer,
        primary key (order_id, position),
        constraint order_lines_quantity_check check (quantity between 1 and 100),
        constraint order_lines_price_check check (unit_price >= 0)
      )`);

    await runner.query(`
      create table order_status_history (
        id           bigserial primary key,
        order_id     text not null references orders (id),
        from_status  text,
        to_status    text not null,
        reason       text not null,
        at           timestamptz not null
      )`);
    await runner.query('create index order_status_history_order_idx on order_status_history (order_id, id)');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('drop table order_status_history');
    await runner.query('drop table order_lines');
    await runner.query('drop table orders');
    await runner.query('drop sequence order_number_seq');
    await runner.query('drop table cart_lines');
    await runner.query('drop table carts');
    await runner.query('drop table variants');
  }
}
