import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The admin orders list filters by when orders were placed (Query.orders' placedAfter and
 * placedBefore); without this index every such page scans the whole table.
 */
export class IndexOrdersByPlacement1795500000003 implements MigrationInterface {
  name = 'IndexOrdersByPlacement1795500000003';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query('create index orders_placed_idx on orders (placed_at, id)');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('drop index orders_placed_idx');
  }
}
