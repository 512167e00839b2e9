import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreatePayments1795600000000 implements MigrationInterface {
  name = 'CreatePayments1795600000000';

  async up(runner: QueryRunner): Promise<void> {
    // The gateway token stays here and is never served; the card number never arrives at all.
    await runner.query(`
      create table payment_methods (
        id             text primary key,
        customer_id    text not null,
        gateway_token  text not null,
        brand          text not null,
        last4          text not null,
        exp_month      integer not null,
        exp_year       integer not null,
        holder_name    text not null,
        is_default     boolean not null default false,
        created_at     timestamptz not null default now(),
        removed_at     timestamptz,
        constraint payment_methods_gateway_token_key unique (gateway_token),
        constraint payment_methods_last4_check check (last4 ~ '^[0-9]{4}$'),
        constraint payment_methods_exp_month_check check (exp_month between 1 and 12)
      )`);
    await runner.query('create index payment_methods_customer_idx on payment_methods (customer_id, id) where removed_at is null');
    // At most one default per customer, whatever the application gets wrong.
    await runner.query(
      'create unique index payment_methods_one_default_idx on payment_methods (customer_id) where is_default and removed_at is null',
    );

    // What orders.events told payments about an order, possibly before its payment exists
    // (see domain/payment.ts OrderFacts). Its row lock is the per-order mutex: every write
    // to an order's payment holds it, so concurrent deliveries of the order's events queue.
    await runner.query(`
      create table order_facts (
        order_id              text primary key,
        capture_requested_at  timestamptz,
        cancelled_at          timestamptz,
        cancel_reason         text,
        created_at            timestamptz not null default now()
      )`);
    await runner.query('create index order_facts_cancelled_idx on order_facts (cancelled_at) where cancelled_at is not null');

    // One payment per order, ever: the unique order id is what makes a second
    // PaymentRequested for an order a no-op even when its event id differs.
    await runner.query(`
      create table payments (
        id                       text primary key,
        order_id                 text not null,
        customer_id              text not null,
        payment_method_id        text references payment_methods (id),
        method_brand             text,
        method_last4             text,
        amount                   bigint not null,
        currency                 text not null,
        status                   text not null,
        captured_amount          bigint not null default 0,
        refunded_amount          bigint not null default 0,
        authorization_reference  text,
        capture_reference        text,
        failure_code             text,
        failure_message          text,
        correlation_id           text,
        created_at               timestamptz not null default now(),
        updated_at               timestamptz not null default now(),
        constraint payments_order_id_key unique (order_id),
        constraint payments_status_check
          check (status in ('PENDING', 'AUTHORIZED', 'FAILED', 'CAPTURED', 'VOIDED', 'PARTIALLY_REFUNDED', 'REFUNDED')),
        -- Never more refunded than captured, never more captured than authorized.
        constraint payments_amounts_check
          check (refunded_amount >= 0 and refunded_amount <= captured_amount and captured_amount <= greatest(amount, 0))
      )`);
    await runner.query('create index payments_customer_idx on payments (customer_id, id)');
    // The sweeper looks only at payments waiting for a gateway step.
    await runner.query(`create index payments_waiting_idx on payments (updated_at) where status in ('PENDING', 'AUTHORIZED')`);

    await runner.query(`
      create table refunds (
        id                 text primary key,
        payment_id         text not null references payments (id),
        amount             bigint not null,
        currency           text not null,
        reason             text not null,
        status             text not null,
        gateway_reference  text,
        created_at         timestamptz not null default now(),
        completed_at       timestamptz,
        constraint refunds_amount_check check (amount > 0),
        constraint refunds_status_check check (status in ('PENDING', 'SUCCEEDED', 'FAILED'))
      )`);
    await runner.query('create index refunds_payment_idx on refunds (payment_id, id)');
    await runner.query(`create index refunds_pending_idx on refunds (created_at) where status = 'PENDING'`);

    await runner.query(`
      create table payment_transactions (
        id                 text primary key,
        payment_id         text not null references payments (id),
        kind               text not null,
        status             text not null,
        amount             bigint not null,
        currency           text not null,
        gateway_reference  text,
        refund_id          text references refunds (id),
        failure_code       text,
        created_at         timestamptz not null default now(),
        constraint payment_transactions_kind_check check (kind in ('AUTHORIZATION', 'CAPTURE', 'VOID', 'REFUND')),
        constraint payment_transactions_status_check check (status in ('SUCCEEDED', 'FAILED')),
        constraint payment_transactions_refund_id_key unique (refund_id)
      )`);
    await runner.query('create index payment_transactions_payment_idx on payment_transactions (payment_id, id)');
    // The last line against charging twice, below every state check: one authorization per
    // payment (approved or declined, it is final), one successful capture and one void.
    await runner.query(
      `create unique index payment_transactions_one_authorization_idx on payment_transactions (payment_id) where kind = 'AUTHORIZATION'`,
    );
    await runner.query(
      `create unique index payment_transactions_one_success_idx on payment_transactions (payment_id, kind)
         where status = 'SUCCEEDED' and kind in ('CAPTURE', 'VOID')`,
    );
    // A gateway operation is recorded once, whoever records it.
    await runner.query(
      `create unique index payment_transactions_gateway_reference_idx on payment_transactions (gateway_reference)
         where gateway_reference is not null`,
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('drop table payment_transactions');
    await runner.query('drop table refunds');
    await runner.query('drop table payments');
    await runner.query('drop table order_facts');
    await runner.query('drop table payment_methods');
  }
}
