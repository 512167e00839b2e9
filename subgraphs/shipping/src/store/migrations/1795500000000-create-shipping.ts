import type { MigrationInterface, QueryRunner } from 'typeorm';

const STATUSES = `('LABEL_CREATED', 'IN_TRANSIT', 'OUT_FOR_DELIVERY', 'DELIVERED', 'EXCEPTION', 'CANCELLED')`;

export class CreateShipping1795500000000 implements MigrationInterface {
  name = 'CreateShipping1795500000000';

  async up(runner: QueryRunner): Promise<void> {
    // Every order shipping has heard of, from ShipmentRequested or OrderCancelled. Its row is
    // the lock that serialises a shipment request against a cancellation of the same order,
    // and cancelled_at is the memory that turns a ShipmentRequested arriving after the
    // cancellation (a replay, a reordering upstream) into a no-op.
    await runner.query(`
      create table order_refs (
        order_id       text primary key,
        customer_id    text not null,
        cancelled_at   timestamptz,
        cancel_reason  text,
        created_at     timestamptz not null default now()
      )`);
    // One shipment per order: the unique order id makes a second ShipmentRequested a no-op
    // even when its event id differs.
    await runner.query(`
      create table shipments (
        id                  text primary key,
        order_id            text not null references order_refs (order_id),
        customer_id         text not null,
        carrier             text not null,
        service             text not null,
        tracking_number     text not null,
        label_url           text not null,
        status              text not null,
        address             jsonb not null,
        weight_grams        integer not null,
        price_amount        integer not null,
        price_currency      text not null,
        estimated_delivery  timestamptz not null,
        correlation_id      text,
        created_at          timestamptz not null default now(),
        updated_at          timestamptz not null default now(),
        constraint shipments_order_id_key unique (order_id),
        constraint shipments_tracking_number_key unique (tracking_number),
        constraint shipments_service_check check (service in ('STANDARD', 'EXPRESS')),
        constraint shipments_status_check check (status in ${STATUSES}),
        constraint shipments_weight_check check (weight_grams >= 0),
        constraint shipments_price_check check (price_amount >= 0)
      )`);
    await runner.query('create index shipments_customer_idx on shipments (customer_id)');
    // The sandbox carrier only ever scans shipments still on their way; the index stays as small as they are.
    await runner.query(`
      create index shipments_active_idx on shipments (updated_at)
       where status in ('LABEL_CREATED', 'IN_TRANSIT', 'OUT_FOR_DELIVERY', 'EXCEPTION')`);
    await runner.query(`
      create table tracking_events (
        id           text primary key,
        shipment_id  text not null references shipments (id),
        status       text not null,
        location     text,
        occurred_at  timestamptz not null,
        created_at   timestamptz not null default now(),
        constraint tracking_events_status_check check (status in ${STATUSES})
      )`);
    await runner.query('create index tracking_events_shipment_idx on tracking_events (shipment_id, occurred_at, id)');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('drop table tracking_events');
    await runner.query('drop table shipments');
    await runner.query('drop table order_refs');
  }
}
