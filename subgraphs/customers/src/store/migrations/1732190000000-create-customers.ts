import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateCustomers1732190000000 implements MigrationInterface {
  name = 'CreateCustomers1732190000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      create table customers (
        id          text primary key,
        email       text not null,
        first_name  text not null,
        last_name   text not null,
        created_at  timestamptz not null default now(),
        constraint customers_email_key unique (email)
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('drop table customers');
  }
}
