import type { DataSource, EntityManager } from 'typeorm';
import { newId, runWrites, type SqlStatement } from '@commerce/service-kit';
import { MAX_CART_LINES, MAX_LINE_QUANTITY, addToLine, isSellable, type Cart, type CartLine } from '../domain/cart.ts';
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
 * lockCart's statement ($1 a new cart id, $2 the customer): the cart row created, or found and
 * row-locked by the no-op update, answering the row. With `seen` (a WITH clause answering the
 * row's xmin as this statement's snapshot read it), the row is locked all the same but written
 * and answered only while it is still that version.
 */
export const cartLock = (seen?: string): string => `insert into carts (id, customer_id) values ($1, $2)
  on conflict (customer_id) do update set customer_id = excluded.customer_id${seen ? ` where carts.xmin = (select xmin from ${seen})` : ''}
  returning id, customer_id, updated_at`;

/**
 * The customer's cart row, created when missing, locked until the transaction ends: every
 * change to a cart (and the checkout that empties it) runs under this lock, so the line
 * limits hold under concurrent requests and a checkout sees a cart nobody is changing.
 * The upsert writes a new version of the row even when it changes nothing, so every change
 * to a cart's lines leaves one: ADD_AT_ONCE and the checkout's reads (order-store.ts), which
 * lock the cart in the statement that reads it, tell by it whether their snapshot is current.
 */
async function lockCart(manager: EntityManager, customerId: string): Promise<CartRow> {
  const [cart] = await manager.query<CartRow[]>(cartLock(), [newId('crt'), customerId]);
  if (!cart) throw new Error(`the cart of ${customerId} vanished inside its transaction`);
  return cart;
}

/** The lines of several carts with their variants as the read model knows them now, oldest line first. */
async function linesOf(db: Queryable, cartIds: readonly string[]): Promise<Map<string, CartLine[]>> {
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

/** A cart row with one of its lines and the line's variant (all null for a cart without lines). */
export type CartLineRow = CartRow & { quantity: number | null } & { [K in keyof VariantRow]: VariantRow[K] | null };

/** A cart from its rows (at least one), lines in the order of the rows. */
export function cartFrom(rows: CartLineRow[]): Cart {
  const [first] = rows;
  if (!first) throw new Error('a cart without its row');
  // A row with a quantity is a line, joined to its variant.
  const lines = rows.flatMap((row) => (row.quantity === null ? [] : [{ quantity: row.quantity, variant: toVariant(row as VariantRow) }]));
  return toCart(first, lines);
}

/**
 * addToCart in one statement, answering the cart afterwards ($1 a new cart id, $2 the customer,
 * $3 the variant, $4 the units, $5 the store currency, $6 and $7 the line limits). It writes
 * when the variant is sellable and the limits allow the add (domain/cart.ts isSellable and
 * addToLine, as SQL), and only if the cart row is the version this statement's snapshot
 * holds: every change to a cart's lines updates its row in the same transaction, under its
 * lock (lockCart), so an unchanged row version (xmin) means the lines read here are current,
 * and the lock the upsert takes keeps them so until the statement commits. A cart changed or
 * created meanwhile is locked but not written (ON CONFLICT's WHERE), and nothing else is.
 */
const ADD_AT_ONCE = `
  with seen as (select id, xmin from carts where customer_id = $2),
  lines as (select l.variant_id, l.quantity, l.added_at from cart_lines l join seen on l.cart_id = seen.id),
  added as (
    select coalesce(mine.quantity, 0) + $4::int as quantity
      from variants v left join lines mine on mine.variant_id = v.variant_id
     where v.variant_id = $3 and v.active and v.price_currency = $5
       and coalesce(mine.quantity, 0) + $4::int <= $7::int
       and (mine.quantity is not null or (select count(*) from lines) < $6::int)
  ),
  cart as (
    insert into carts (id, customer_id) select $1::text, $2 from added
    on conflict (customer_id) do update set updated_at = now() where carts.xmin = (select xmin from seen)
    returning id, customer_id, updated_at
  ),
  line as (
    insert into cart_lines (cart_id, variant_id, quantity) select cart.id, $3, added.quantity from cart, added
    on conflict (cart_id, variant_id) do update set quantity = excluded.quantity
    returning variant_id, quantity, added_at
  ),
  after as (
    select variant_id, quantity, added_at from lines where variant_id <> $3
    union all
    select variant_id, quantity, added_at from line
  )
  select cart.id, cart.customer_id, cart.updated_at, l.quantity, ${VARIANT_COLUMNS}
    from cart, after l join variants v on v.variant_id = l.variant_id
   order by l.added_at, l.variant_id`;

/**
 * ADD_AT_ONCE: the cart after adding `quantity` units of `variantId`, or undefined when the
 * statement wrote nothing (the rules refuse the add, or another request changed the cart
 * since the statement's snapshot). The rules it states in SQL are domain/cart.ts's;
 * test/cart-rules.test.ts holds the two to the same answer in every case.
 */
export async function addAtOnce(
  db: Queryable,
  customerId: string,
  input: { variantId: string; quantity: number },
  currency: string,
): Promise<Cart | undefined> {
  const rows = await db.query<CartLineRow[]>(ADD_AT_ONCE, [
    newId('crt'),
    customerId,
    input.variantId,
    input.quantity,
    currency,
    MAX_CART_LINES,
    MAX_LINE_QUANTITY,
  ]);
  return rows.length > 0 ? cartFrom(rows) : undefined;
}

export function createCartStore(dataSource: DataSource, options: { currency: string }) {
  /** Runs a change on the customer's locked cart and returns the cart as it is afterwards. */
  function change(customerId: string, work: (manager: EntityManager, cart: CartRow) => Promise<void>): Promise<Cart> {
    return dataSource.transaction(async (manager) => {
      const cart = await lockCart(manager, customerId);
      await work(manager, cart);
      const rows = await manager.query<CartLineRow[]>(
        `select c.id, c.customer_id, c.updated_at, l.quantity, ${VARIANT_COLUMNS}
           from carts c left join (cart_lines l join variants v on v.variant_id = l.variant_id) on l.cart_id = c.id
          where c.id = $1
          order by l.added_at, l.variant_id`,
        [cart.id],
      );
      return cartFrom(rows);
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

    /**
     * Adds units of a sellable variant, merging with the line already in the cart: in one
     * statement when it can (ADD_AT_ONCE); a refusal, or a cart another request changed
     * meanwhile, takes the locked path, which decides again on the cart as it is then.
     */
    async add(customerId: string, input: { variantId: string; quantity: number }): Promise<Cart> {
      const added = await addAtOnce(dataSource, customerId, input, options.currency);
      if (added) return added;
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
