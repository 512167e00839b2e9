import type { DataSource, EntityManager } from 'typeorm';
import { newId, runWrites, type SqlStatement } from '@commerce/service-kit';
import { addToLine, isSellable, type Cart, type CartLine } from '../domain/cart.ts';
import { OrdersError } from '../domain/errors.ts';
import { VARIANT_COLUMNS, toVariant, type VariantRow } from './variant-store.ts';

type Queryable = Pick<EntityManager, 'query'>;

interface CartRow {
  id: string;
  customer_id: string;
  updated_at: Date;
}

const unknownVariant = () => new OrdersError('NOT_FOUND', 'Unknown or unavailable variant: the catalog does not sell it (now).');

/**
 * The customer's cart row, created when missing, locked until the transaction ends: every
 * change to a cart (and the checkout that empties it) runs under this lock, so the line
 * limits hold under concurrent requests and a checkout sees a cart nobody is changing.
 */
export async function lockCart(manager: EntityManager, customerId: string): Promise<CartRow> {
  // Created, or found and row-locked by the no-op update, in one statement.
  const [cart] = await manager.query<CartRow[]>(
    `insert into carts (id, customer_id) values ($1, $2)
     on conflict (customer_id) do update set customer_id = excluded.customer_id
     returning id, customer_id, updated_at`,
    [newId('crt'), customerId],
  );
  if (!cart) throw new Error(`the cart of ${customerId} vanished inside its transaction`);
  return cart;
}

/** The lines of several carts with their variants as the read model knows them now, oldest line first. */
export async function linesOf(db: Queryable, cartIds: readonly string[]): Promise<Map<string, CartLine[]>> {
  const rows = await db.query<(VariantRow & { cart_id: string; quantity: number })[]>(
    `select l.cart_id, l.quantity, ${VARIANT_COLUMNS}
       from cart_lines l join variants v on v.variant_id = l.variant_id
      where l.cart_id = any($1::text[])
      order by l.cart_id, l.added_at, l.variant_id`,
    [[...cartIds]],
  );
  const byCart = new Map<string, CartLine[]>();
  for (const row of rows) {
    const lines = byCart.get(row.cart_id) ?? [];
    lines.push({ quantity: row.quantity, variant: toVariant(row) });
    byCart.set(row.cart_id, lines);
  }
  return byCart;
}

/** Empties a locked cart (after checkout or on request). */
export function emptyCartWrites(cartId: string): SqlStatement[] {
  return [
    { text: 'delete from cart_lines where cart_id = $1', values: [cartId] },
    { text: 'update carts set updated_at = now() where id = $1', values: [cartId] },
  ];
}

const toCart = (row: CartRow, lines: CartLine[]): Cart => ({ id: row.id, customerId: row.customer_id, lines, updatedAt: row.updated_at });

export function createCartStore(dataSource: DataSource, options: { currency: string }) {
  /** Runs a change on the customer's locked cart and returns the cart as it is afterwards. */
  function change(customerId: string, work: (manager: EntityManager, cart: CartRow) => Promise<void>): Promise<Cart> {
    return dataSource.transaction(async (manager) => {
      const cart = await lockCart(manager, customerId);
      await work(manager, cart);
      const [after] = await manager.query<CartRow[]>('select id, customer_id, updated_at from carts where id = $1', [cart.id]);
      return toCart(after ?? cart, (await linesOf(manager, [cart.id])).get(cart.id) ?? []);
    });
  }

  async function sellableVariant(manager: EntityManager, variantId: string) {
    const [row] = await manager.query<VariantRow[]>(`select ${VARIANT_COLUMNS} from variants v where v.variant_id = $1`, [variantId]);
    const variant = row ? toVariant(row) : undefined;
    if (!isSellable(variant, options.currency)) throw unknownVariant();
    return variant;
  }

  const touch = (manager: EntityManager, cartId: string) => manager.query('update carts set updated_at = now() where id = $1', [cartId]);

  async function removeLine(manager: EntityManager, cartId: string, variantId: string): Promise<void> {
    const [, deleted] = await manager.query<[unknown[], number]>('delete from cart_lines where cart_id = $1 and variant_id = $2', [
      cartId,
      variantId,
    ]);
    if (deleted > 0) await touch(manager, cartId);
  }

  return {
    /**
     * The carts of several customers in the order of `customerIds`; a customer without one
     * gets an empty cart (created here, so its id stays the same from then on).
     */
    async forCustomers(customerIds: readonly string[]): Promise<Cart[]> {
      const select = () =>
        dataSource.query<CartRow[]>('select id, customer_id, updated_at from carts where customer_id = any($1::text[])', [[...customerIds]]);
      let rows = await select();
      const missing = customerIds.filter((id) => !rows.some((row) => row.customer_id === id));
      if (missing.length > 0) {
        const unique = [...new Set(missing)].sort();
        await dataSource.query(
          `insert into carts (id, customer_id) select * from unnest($1::text[], $2::text[]) on conflict (customer_id) do nothing`,
          [unique.map(() => newId('crt')), unique],
        );
        rows = await select();
      }
      const lines = await linesOf(dataSource, rows.map((row) => row.id));
      const byCustomer = new Map(rows.map((row) => [row.customer_id, toCart(row, lines.get(row.id) ?? [])]));
      return customerIds.map((id) => {
        const cart = byCustomer.get(id);
        if (!cart) throw new Error(`no cart for ${id} after creating it`);
        return cart;
      });
    },

    /** Adds units of a sellable variant, merging with the line already in the cart. */
    add(customerId: string, input: { variantId: string; quantity: number }): Promise<Cart> {
      return change(customerId, async (manager, cart) => {
        await sellableVariant(manager, input.variantId);
        const [counts] = await manager.query<{ lines: number; existing: number | null }[]>(
          `select count(*)::int as lines, max(quantity) filter (where variant_id = $2) as existing from cart_lines where cart_id = $1`,
          [cart.id, input.variantId],
        );
        const result = addToLine(counts?.existing ?? undefined, input.quantity, counts?.lines ?? 0);
        if (!result.ok) throw new OrdersError('CONFLICT', result.message);
        await manager.query(
          `insert into cart_lines (cart_id, variant_id, quantity) values ($1, $2, $3)
           on conflict (cart_id, variant_id) do update set quantity = excluded.quantity`,
          [cart.id, input.variantId, result.quantity],
        );
        await touch(manager, cart.id);
      });
    },

    /** Sets a line's quantity; 0 removes it. Only lines already in the cart can be changed. */
    update(customerId: string, input: { variantId: string; quantity: number }): Promise<Cart> {
      return change(customerId, async (manager, cart) => {
        if (input.quantity === 0) return removeLine(manager, cart.id, input.variantId);
        // More units of a variant the catalog stopped selling would only fail at checkout.
        await sellableVariant(manager, input.variantId);
        const [, updated] = await manager.query<[unknown[], number]>(
          'update cart_lines set quantity = $3 where cart_id = $1 and variant_id = $2',
          [cart.id, input.variantId, input.quantity],
        );
        if (updated === 0) throw new OrdersError('NOT_FOUND', 'This variant is not in your cart; use addToCart.');
        await touch(manager, cart.id);
      });
    },

    /** Removes a line; removing one that is not there changes nothing (a retried request). */
    remove(customerId: string, variantId: string): Promise<Cart> {
      return change(customerId, (manager, cart) => removeLine(manager, cart.id, variantId));
    },

    clear(customerId: string): Promise<Cart> {
      return change(customerId, (manager, cart) => runWrites(manager, emptyCartWrites(cart.id)));
    },
  };
}
export type CartStore = ReturnType<typeof createCartStore>;
