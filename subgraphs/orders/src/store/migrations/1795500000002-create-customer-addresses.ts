import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The customers' saved addresses as announced by customers.events (a local read model,
 * docs/architecture.md#ownership): placeOrder with a shippingAddressId copies the address from here.
 * revision is the customers' count of saves, so an older save arriving late never
 * overwrites a newer one; removed_at marks a removal, which is final (address ids are
 * never reused) and forgets the address itself.
 */
export class CreateCustomerAddresses1795500000002 implements MigrationInterface {
  name = 'CreateCustomerAddresses1795500000002';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      create table customer_addresses (
        address_id   text primary key,
        customer_id  text not null,
        address      jsonb,
        revision     integer not null,
        removed_at   timestamptz,
        updated_at   timestamptz not null default now(),
        constraint customer_addresses_state_check check ((removed_at is null) = (address is not null)),
        constraint customer_addresses_revision_check check (revision >= 0)
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('drop table customer_addresses');
  }
}
