import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An order's version: how many status changes it has gone through, which is the length of
 * its status history (1 after placement). Subscribers are pushed the order as it stood at
 * each change, and order(id, version) answers exactly that state.
 */
export class AddOrderVersions1795500000001 implements MigrationInterface {
  name = 'AddOrderVersions1795500000001';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query('alter table orders add column version integer');
    await runner.query(`
      update orders o
         set version = (select count(*) from order_status_history h where h.order_id = o.id)`);
    // No default: placement writes 1 and every transition adds to it, next to its history row.
    await runner.query('alter table orders alter column version set not null');
    await runner.query('alter table orders add constraint orders_version_check check (version >= 1)');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('alter table orders drop column version');
  }
}
