import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Query.lowStock lists the items at or below their threshold, but every variant has a zero
 * item in every warehouse, and those are not running low: they never held a unit. stocked
 * says an item held or owed one at some time (a sold-out item stays stocked), and the partial
 * index holds only the stocked items at or below their threshold, so a page of them reads
 * that many index entries instead of scanning the millions of zero items.
 */
export class AddStockedItems1795400000001 implements MigrationInterface {
  name = 'AddStockedItems1795400000001';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query('alter table stock_items add column stocked boolean not null default false');
    // Every quantity change has its movement, so the log says which items ever held or owed a unit.
    await runner.query(`
      update stock_items s set stocked = true
       where s.on_hand > 0 or s.reserved > 0
          or (s.variant_id, s.warehouse_id) in (
               select variant_id, warehouse_id from stock_movements where on_hand_after > 0 or reserved_after > 0)`);
    await runner.query(
      'create index stock_items_low_idx on stock_items (variant_id, warehouse_id) where stocked and on_hand - reserved <= low_stock_threshold',
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('drop index stock_items_low_idx');
    await runner.query('alter table stock_items drop column stocked');
  }
}
