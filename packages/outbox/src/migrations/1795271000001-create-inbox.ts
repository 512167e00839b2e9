import type { MigrationInterface, QueryRunner } from 'typeorm';

// See create-outbox: services sharing a database take different migration locks.
const DDL_LOCK = `select pg_advisory_xact_lock(hashtext('outbox:migrations'))`;

export class CreateInbox1795271000001 implements MigrationInterface {
  name = 'CreateInbox1795271000001';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(DDL_LOCK);
    // event_id is text, not uuid: the inbox must accept whatever id another producer chose.
    await runner.query(`
      create table if not exists inbox (
        consumer      text not null,
        event_id      text not null,
        processed_at  timestamptz not null default now(),
        primary key (consumer, event_id)
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('drop table inbox');
  }
}
