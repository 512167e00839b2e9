import type { MigrationInterface, QueryRunner } from 'typeorm';
import { OUTBOX_CHANNEL } from '../enqueue.ts';

// See create-outbox: services sharing a database take different migration locks.
const DDL_LOCK = `select pg_advisory_xact_lock(hashtext('outbox:migrations'))`;

/**
 * Notifies the relay from a trigger, once per insert statement, instead of a pg_notify round
 * trip from every writer. Notifications are delivered on commit, when the rows are visible.
 */
export class NotifyOutbox1795271000002 implements MigrationInterface {
  name = 'NotifyOutbox1795271000002';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(DDL_LOCK);
    await runner.query(`
      create or replace function outbox_notify() returns trigger language plpgsql as $$
      begin
        perform pg_notify('${OUTBOX_CHANNEL}', '');
        return null;
      end $$`);
    await runner.query('drop trigger if exists outbox_notify on outbox');
    await runner.query('create trigger outbox_notify after insert on outbox for each statement execute function outbox_notify()');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('drop trigger if exists outbox_notify on outbox');
    await runner.query('drop function if exists outbox_notify()');
  }
}
