import { In, IsNull, type DataSource, type EntityManager } from 'typeorm';
import { newId } from '@commerce/service-kit';
import type { CardSummary } from '../domain/card.ts';
import { PaymentsError } from '../domain/errors.ts';
import { becomesDefault, successorOf, type PaymentMethod } from '../domain/payment-method.ts';
import { PaymentMethodEntity, type PaymentMethodRow } from './entities.ts';
import { isUniqueViolation } from './transaction.ts';

/** The token stays in the store: nothing above it ever needs or shows it. */
function withoutToken(row: PaymentMethodRow): PaymentMethod {
  const { gatewayToken: _token, ...method } = row;
  return method;
}

/**
 * Serialises the method changes of one customer (add, remove, set default), so the one-default
 * rule holds without a failed unique index under concurrency. Taken before any row lock.
 */
async function lockCustomer(manager: EntityManager, customerId: string): Promise<void> {
  await manager.query(`select pg_advisory_xact_lock(hashtext('payment-methods:' || $1))`, [customerId]);
}

export function createPaymentMethodStore(dataSource: DataSource) {
  const repository = dataSource.getRepository(PaymentMethodEntity);

  return {
    /** Methods by id, removed ones included (payments keep pointing at them), in the order of `ids`. */
    async findByIds(ids: readonly string[]): Promise<(PaymentMethod | undefined)[]> {
      const rows = await repository.findBy({ id: In([...ids]) });
      const byId = new Map(rows.map((row) => [row.id, withoutToken(row)]));
      return ids.map((id) => byId.get(id));
    },

    /** Each customer's usable methods, oldest first. */
    async listByCustomers(customerIds: readonly string[]): Promise<PaymentMethod[][]> {
      const rows = await repository.find({
        where: { customerId: In([...customerIds]), removedAt: IsNull() },
        order: { createdAt: 'ASC', id: 'ASC' },
      });
      return customerIds.map((customerId) => rows.filter((row) => row.customerId === customerId).map(withoutToken));
    },

    /**
     * Keeps a tokenized card for a customer. Adding the same token again for the same customer
     * returns the method it made (a client retry); a token someone else attached is a CONFLICT.
     */
    async add(customerId: string, token: string, card: CardSummary, setDefault: boolean): Promise<PaymentMethod> {
      try {
        return await dataSource.transaction(async (manager) => {
          await lockCustomer(manager, customerId);
          const repo = manager.getRepository(PaymentMethodEntity);
          const existing = await repo.findOneBy({ gatewayToken: token });
          if (existing) {
            if (existing.customerId === customerId && existing.removedAt === null) return withoutToken(existing);
            throw new PaymentsError('CONFLICT', 'This card token was already used; tokenize the card again.');
          }
          const current = await repo.findOneBy({ customerId, isDefault: true, removedAt: IsNull() });
          const isDefault = becomesDefault(setDefault, current !== null);
          if (isDefault && current) await repo.update({ id: current.id }, { isDefault: false });
          const row: PaymentMethodRow = {
            id: newId('pm'),
            customerId,
            gatewayToken: token,
            ...card,
            isDefault,
            createdAt: new Date(),
            removedAt: null,
          };
          await repo.insert(row);
          return withoutToken(row);
        });
      } catch (err) {
        if (isUniqueViolation(err)) throw new PaymentsError('CONFLICT', 'This card token was already used; tokenize the card again.');
        throw err;
      }
    },

    /**
     * Takes a method out of use. The row stays for the payments that used it; when it was the
     * default, the newest remaining method becomes the default. False when it was not in use.
     */
    remove(customerId: string, id: string): Promise<boolean> {
      return dataSource.transaction(async (manager) => {
        await lockCustomer(manager, customerId);
        const repo = manager.getRepository(PaymentMethodEntity);
        const method = await repo.findOneBy({ id, customerId });
        if (!method || method.removedAt !== null) return false;
        await repo.update({ id }, { removedAt: new Date(), isDefault: false });
        if (method.isDefault) {
          const successor = successorOf(await repo.findBy({ customerId, removedAt: IsNull() }));
          if (successor) await repo.update({ id: successor.id }, { isDefault: true });
        }
        return true;
      });
    },

    /** Makes a method in use the customer's default; undefined when it is not in use. */
    setDefault(customerId: string, id: string): Promise<PaymentMethod | undefined> {
      return dataSource.transaction(async (manager) => {
        await lockCustomer(manager, customerId);
        const repo = manager.getRepository(PaymentMethodEntity);
        const method = await repo.findOneBy({ id, customerId });
        if (!method || method.removedAt !== null) return undefined;
        if (!method.isDefault) {
          await manager.query('update payment_methods set is_default = false where customer_id = $1 and is_default', [customerId]);
          await repo.update({ id }, { isDefault: true });
        }
        return withoutToken({ ...method, isDefault: true });
      });
    },
  };
}
export type PaymentMethodStore = ReturnType<typeof createPaymentMethodStore>;
