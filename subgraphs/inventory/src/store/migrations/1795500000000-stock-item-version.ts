import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every change of a stock item's quantities raises its version by one, under the item's row
 * lock, and StockLevelChanged carries it: consumers keep the newest level of an item whatever
 * order its events arrive in. Existing items start at 0, so their first event says 1.
 */
export class StockItemVersion1795500000000 implements MigrationInterface {
  name = 'StockItemVersion1795500000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query('alter table stock_items add column version bigint not null default 0');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('alter table stock_items drop column version');
  }
}
