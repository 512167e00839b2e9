import type { MigrationInterface, QueryRunner } from 'typeorm';

// Several services may share one database and each takes its own migration lock, so the
// DDL serialises on a lock of its own and tolerates a table created by another service.
const DDL_LOCK = `select pg_advisory_xact_lock(hashtext('outbox:migrations'))`;

export class CreateOutbox1795271000000 implements MigrationInterface {
  name = 'CreateOutbox1795271000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(DDL_LOCK);
    await runner.query(`
      create table if not exists outbox (
        id            bigserial primary key,
        event_id      uuid not null,
        topic         text not null,
        message_key   text not null,
        envelope      jsonb not null,
        created_at    timestamptz not null default now(),
        published_at  timestamptz null,
        constraint outbox_event_id_key unique (event_id)
      )`);
    // The relay only ever scans unpublished rows; the index stays as small as the backlog.
    await runner.query('create index if not exists outbox_unpublished_idx on outbox (id) where published_at is null');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('drop table outbox');
  }
}
