import type { MigrationInterface, QueryRunner } from 'typeorm';
import { TOPICS } from '@commerce/events';
import { enqueueEvents } from '@commerce/outbox';
import type { Address } from '../../domain/customer.ts';
import { addressSaved } from '../../events/address-events.ts';

const BATCH = 500;

interface AddressRow {
  id: string;
  customer_id: string;
  label: string | null;
  recipient: string;
  line1: string;
  line2: string | null;
  city: string;
  region: string | null;
  postal_code: string;
  country: string;
  phone: string | null;
  is_default_shipping: boolean;
  is_default_billing: boolean;
  created_at: Date;
  revision: number;
}

const toAddress = (row: AddressRow): Address => ({
  id: row.id,
  customerId: row.customer_id,
  label: row.label,
  recipient: row.recipient,
  line1: row.line1,
  line2: row.line2,
  city: row.city,
  region: row.region,
  postalCode: row.postal_code,
  country: row.country,
  phone: row.phone,
  isDefaultShipping: row.is_default_shipping,
  isDefaultBilling: row.is_default_billing,
  createdAt: row.created_at,
  revision: row.revision,
});

/**
 * Addresses saved before customers published address events would never reach the read
 * models that other services (orders' saved shipping addresses) build from those events:
 * announce each one once, through the outbox, in this migration's transaction.
 */
export class AnnounceSavedAddresses1795600000001 implements MigrationInterface {
  name = 'AnnounceSavedAddresses1795600000001';

  async up(runner: QueryRunner): Promise<void> {
    const now = new Date();
    for (let after = ''; ; ) {
      const rows: AddressRow[] = await runner.query(
        `select id, customer_id, label, recipient, line1, line2, city, region, postal_code, country, phone,
                is_default_shipping, is_default_billing, created_at, revision
           from addresses where id > $1 order by id limit $2`,
        [after, BATCH],
      );
      const last = rows.at(-1);
      if (!last) return;
      await enqueueEvents(
        runner.manager,
        TOPICS.customers,
        rows.map((row) => addressSaved(toAddress(row), now)),
      );
      after = last.id;
    }
  }

  async down(): Promise<void> {
    // Published events cannot be taken back; consumers keep what they learned.
  }
}
