import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateCustomers1732190000000 implements MigrationInterface {
  name = 'CreateCustomers1732190000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      create table customers (
        id             text primary key,
        email          text not null,
        first_name     text not null,
        last_name      text not null,
        phone          text,
        roles          text[] not null default '{CUSTOMER}',
        password_hash  text not null,
        created_at     timestamptz not null default now(),
        updated_at     timestamptz not null default now(),
        constraint customers_email_key unique (email)
      )`);
    // Search matches email and names case-insensitively; trigram indexes keep it fast.
    await runner.query('create extension if not exists pg_trgm');
    await runner.query(`create index customers_search_idx on customers
      using gin ((email || ' ' || lower(first_name) || ' ' || lower(last_name)) gin_trgm_ops)`);
    await runner.query(`
      create table addresses (
        id                   text primary key,
        customer_id          text not null references customers (id) on delete cascade,
        label                text,
        recipient            text not null,
        line1                text not null,
        line2                text,
        city                 text not null,
        region               text,
        postal_code          text not null,
        country              char(2) not null,
        phone                text,
        is_default_shipping  boolean not null default false,
        is_default_billing   boolean not null default false,
        created_at           timestamptz not null default now()
      )`);
    await runner.query('create index addresses_customer_idx on addresses (customer_id, created_at)');
    // At most one default of each kind per customer, whatever races happen.
    await runner.query(
      'create unique index addresses_default_shipping_key on addresses (customer_id) where is_default_shipping',
    );
    await runner.query('create unique index addresses_default_billing_key on addresses (customer_id) where is_default_billing');
    await runner.query(`
      create table refresh_sessions (
        id           text primary key,
        family_id    text not null,
        customer_id  text not null references customers (id) on delete cascade,
        token_hash   text not null unique,
        expires_at   timestamptz not null,
        rotated_at   timestamptz,
        revoked_at   timestamptz,
        created_at   timestamptz not null default now()
      )`);
    await runner.query('create index refresh_sessions_family_idx on refresh_sessions (family_id)');
    await runner.query('create index refresh_sessions_customer_idx on refresh_sessions (customer_id)');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('drop table refresh_sessions');
    await runner.query('drop table addresses');
    await runner.query('drop table customers');
  }
}
