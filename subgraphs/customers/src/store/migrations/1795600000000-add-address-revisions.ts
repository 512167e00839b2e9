import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An address's revision: 1 when added, one more with each update. CustomerAddressSaved
 * carries it, so a consumer can tell the newer of two saves even when they arrive out of
 * order or within the same millisecond.
 */
export class AddAddressRevisions1795600000000 implements MigrationInterface {
  name = 'AddAddressRevisions1795600000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query('alter table addresses add column revision integer not null default 1');
    await runner.query('alter table addresses add constraint addresses_revision_check check (revision >= 1)');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('alter table addresses drop column revision');
  }
}
