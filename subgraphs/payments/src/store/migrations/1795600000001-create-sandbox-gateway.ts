import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The sandbox gateway's own books (sandbox/ledger-store.ts). They live in the payments
 * database for convenience only; payments code never reads them, as it could not read a
 * real gateway's. Neither table can hold a card number: the vault keeps what tokenization
 * derived from it.
 */
export class CreateSandboxGateway1795600000001 implements MigrationInterface {
  name = 'CreateSandboxGateway1795600000001';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      create table gateway_tokens (
        token        text primary key,
        brand        text not null,
        last4        text not null,
        exp_month    integer not null,
        exp_year     integer not null,
        holder_name  text not null,
        behaviour    text not null,
        created_at   timestamptz not null default now(),
        constraint gateway_tokens_last4_check check (last4 ~ '^[0-9]{4}$')
      )`);
    // One row per idempotency key: the first outcome is stored and every repeat returns it.
    await runner.query(`
      create table gateway_operations (
        idempotency_key   text not null,
        operation         text not null,
        fingerprint       text not null,
        status            text not null,
        attempts          integer not null default 0,
        reference         text,
        parent_reference  text,
        token             text,
        amount            bigint,
        currency          text,
        decline_code      text,
        created_at        timestamptz not null default now(),
        completed_at      timestamptz,
        constraint gateway_operations_idempotency_key_key unique (idempotency_key),
        constraint gateway_operations_reference_key unique (reference),
        constraint gateway_operations_operation_check check (operation in ('AUTHORIZE', 'CAPTURE', 'VOID', 'REFUND')),
        constraint gateway_operations_status_check check (status in ('PENDING', 'SUCCEEDED', 'DECLINED'))
      )`);
    await runner.query(
      `create index gateway_operations_parent_idx on gateway_operations (parent_reference) where parent_reference is not null`,
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('drop table gateway_operations');
    await runner.query('drop table gateway_tokens');
  }
}
