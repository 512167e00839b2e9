import { In, type DataSource, type EntityManager } from 'typeorm';
import { TOPICS, type EventEnvelope, type PostalAddress } from '@commerce/events';
import { inboxClause, outboxInsert } from '@commerce/outbox';
import { entityInsert, newId, runWrites, runWritesAnswering, type SqlStatement } from '@commerce/service-kit';
import type { Cart } from '../domain/cart.ts';
import type { OrderChange } from '../domain/order-changes.ts';
import { PLACEMENT, UNPAID_STATUSES, type Transition } from '../domain/order-status.ts';
import type { Order, OrderLine } from '../domain/order.ts';
import { savedAddressOf } from './address-store.ts';
import { cartFrom, cartLock, emptyCartWrites, type CartLineRow } from './cart-store.ts';
import { OrderEntity, OrderLineEntity } from './entities.ts';
import type { Trigger } from './transaction.ts';
import { createOrderReads, type Page, type PageQuery } from './order-reads.ts';
import { VARIANT_COLUMNS } from './variant-store.ts';

export type { Page, PageQuery };

/**
 * A checkout's reads of the customer's cart, locked by `cart` (a CTE answering the cart row):
 * the cart, one row per line with its variant as the read model knows it now (oldest first),
 * and whether the customer already has an order under the idempotency key ($2 the customer,
 * $3 the key).
 */
const checkoutReads = (cart: string) => `
  with ${cart}
  select c.id, c.customer_id, c.updated_at, l.quantity, ${VARIANT_COLUMNS},
         exists (select from orders o where o.customer_id = $2 and o.idempotency_key = $3) as "keyUsed"
    from cart c left join (cart_lines l join variants v on v.variant_id = l.variant_id) on l.cart_id = c.id
   order by l.added_at, l.variant_id`;

/**
 * The checkout's reads in the statement that locks the cart (lockCart's upsert, $1 a new cart
 * id), answering nothing when the cart changed since the statement's snapshot, as ADD_AT_ONCE
 * in cart-store.ts tells: the lock is taken all the same, and CHECKOUT_READS_LOCKED then
 * reads what the change left.
 */
const CHECKOUT_READS = checkoutReads(`seen as (select xmin from carts where customer_id = $2), cart as (${cartLock('seen')})`);

/** The checkout's reads under a cart lock this transaction holds already (the upsert only answers the row). */
const CHECKOUT_READS_LOCKED = checkoutReads(`cart as (${cartLock()})`);

/** The order number of a sequence value, in SQL: 'CM-' and the value zero-padded to eight digits (more once it outgrows them). */
export const orderNumberOf = (value: string) => `'CM-' || lpad(${value}::text, greatest(length(${value}::text), 8), '0')`;

// Drawn by the order's insert, so a refused checkout draws no number.
const NEXT_ORDER_NUMBER = `(select ${orderNumberOf('n')} from nextval('order_number_seq') as n)`;

const ORDER_COLUMNS = `id, number, customer_id as "customerId", status, currency, subtotal, shipping_total as "shippingTotal", total,
  shipping_address as "shippingAddress", shipping_service as "shippingService", payment_method_id as "paymentMethodId",
  idempotency_key as "idempotencyKey", correlation_id as "correlationId", saga as facts, placed_at as "placedAt",
  updated_at as "updatedAt", version`;

/** An order line's columns as OrderLine names them (unit_price comes back as a string or a JSON number). */
const LINE_COLUMNS = `product_id as "productId", variant_id as "variantId", sku, name, unit_price as "unitPrice", quantity, weight_grams as "weightGrams"`;

// node-postgres returns bigint as a string; amounts stay far below 2^53.
const toOrder = (row: Order): Order => ({ ...row, subtotal: Number(row.subtotal), shippingTotal: Number(row.shippingTotal), total: Number(row.total) });

/**
 * The order ($1) locked (FOR UPDATE), with its lines, as one row whose order columns are null
 * when there is no such order. `claimed` is a condition on the CTEs in `claim`: the order is
 * read and locked only when it holds.
 */
const lockedWithLines = (claim: string, claimed: string) => `
  with ${claim}
  locked as (select ${ORDER_COLUMNS} from orders where id = $1 and ${claimed} for update)
  select ${claimed} as claimed, o.*,
         (select coalesce(json_agg(l), '[]')
            from (select ${LINE_COLUMNS} from order_lines where order_id = o.id order by position) l) as lines
    from (select) one left join locked o on true`;

/**
 * Records the event in the inbox, as processOnce of @commerce/outbox does, in the statement
 * that locks the order ($2 the inbox consumer, $3 the event id): a redelivered event claims
 * nothing and locks nothing, and a concurrent delivery of the same one waits at the inbox
 * (until the first commits) holding no lock, as it would in processOnce.
 */
const CLAIM = inboxClause({ consumer: '$2', eventId: '$3' }, { name: 'claim' });
const CLAIM_AND_LOCK = lockedWithLines(CLAIM.with, CLAIM.claimed);
const NO_CLAIM = inboxClause(undefined);
const LOCK = lockedWithLines(NO_CLAIM.with, NO_CLAIM.claimed);

/** Writes under the locks of one transaction (OrderStore.transaction). */
export interface LockedOrders {
  /**
   * The customer's cart, locked (a concurrent checkout or cart change waits), with its lines'
   * variants as the read model knows them now, and whether the customer already has an order
   * under the idempotency key.
   */
  lockCart(customerId: string, idempotencyKey: string): Promise<{ cart: Cart; keyUsed: boolean }>;
  /** The customer's order under an idempotency key. */
  byKey(customerId: string, idempotencyKey: string): Promise<Order | undefined>;
  /** A copy of the customer's saved address as the read model holds it now. */
  savedAddress(customerId: string, addressId: string): Promise<PostalAddress | undefined>;
  /** Stores a placed order with its lines, history and events, and empties the cart: one round trip. Resolves to its number. */
  insert(placement: { order: Omit<Order, 'number'>; lines: OrderLine[]; events: EventEnvelope[] }, cartId: string): Promise<string>;
  /** The order row, locked until the transaction ends: every change to an order runs under it. */
  lock(orderId: string): Promise<Order | undefined>;
  /**
   * lock, with the order's lines and, for an event, the inbox row that makes it apply once:
   * 'already-processed' when the inbox has it, and then nothing is locked.
   */
  lockWithLines(orderId: string, trigger: Trigger | undefined): Promise<{ order: Order; lines: OrderLine[] } | undefined | 'already-processed'>;
  /** Up to `limit` orders still unpaid `timeoutSeconds` after placement, locked; rows another transaction holds are skipped. */
  lockUnpaid(timeoutSeconds: number, limit: number): Promise<Order[]>;
  /** Writes a change of a locked order: its new status and facts, one history row per transition, and the events. */
  apply(change: OrderChange): Promise<Order>;
}

function historyInsert(orderId: string, steps: Transition[], at: Date): SqlStatement {
  // with ordinality keeps the steps' order in the serial ids, which is the history's order.
  return {
    text: `insert into order_status_history (order_id, from_status, to_status, reason, at)
     select $1, s.from_status, s.to_status, s.reason, $2
       from unnest($3::text[], $4::text[], $5::text[]) with ordinality as s (from_status, to_status, reason, n)
      order by s.n`,
    values: [orderId, at, steps.map((s) => s.from), steps.map((s) => s.to), steps.map((s) => s.reason)],
  };
}

export function createOrderStore(dataSource: DataSource) {
  const orders = dataSource.getRepository(OrderEntity);

  // The saga's reads are plain SQL (as entities/OrderEntity and OrderLineEntity map them):
  // every event reads its order, and TypeORM's query builder cost more CPU than the query.

  /** The order row, locked until the transaction ends: every change to an order runs under it. */
  async function lock(manager: EntityManager, id: string): Promise<Order | undefined> {
    const [row] = await manager.query<Order[]>(`select ${ORDER_COLUMNS} from orders where id = $1 for update`, [id]);
    return row && toOrder(row);
  }

  /**
   * lock, with the order's lines (the transitions to CONFIRMED and DELIVERED announce them)
   * and, for an event, the inbox row that makes it apply once: 'already-processed' when the
   * inbox has it, and then nothing is locked.
   */
  async function lockWithLines(
    manager: EntityManager,
    id: string,
    trigger: Trigger | undefined,
  ): Promise<{ order: Order; lines: OrderLine[] } | undefined | 'already-processed'> {
    const [row] = await manager.query<(Order & { claimed: boolean; lines: OrderLine[] })[]>(
      trigger ? CLAIM_AND_LOCK : LOCK,
      trigger ? [id, trigger.consumer, trigger.event.eventId] : [id],
    );
    if (!row?.claimed) return 'already-processed';
    const { claimed: _claimed, lines, ...order } = row;
    if (order.id === null) return undefined;
    return { order: toOrder(order), lines: lines.map((line) => ({ ...line, unitPrice: Number(line.unitPrice) })) };
  }

  function locked(manager: EntityManager): LockedOrders {
    return {
      async lockCart(customerId, idempotencyKey) {
        const reads = [newId('crt'), customerId, idempotencyKey];
        let rows = await manager.query<(CartLineRow & { keyUsed: boolean })[]>(CHECKOUT_READS, reads);
        if (rows.length === 0) rows = await manager.query<(CartLineRow & { keyUsed: boolean })[]>(CHECKOUT_READS_LOCKED, reads);
        return { cart: cartFrom(rows), keyUsed: rows[0]?.keyUsed ?? false };
      },
      byKey: async (customerId, idempotencyKey) => (await manager.getRepository(OrderEntity).findOneBy({ customerId, idempotencyKey })) ?? undefined,
      savedAddress: (customerId, addressId) => savedAddressOf(manager, customerId, addressId),
      async insert({ order, lines, events }, cartId) {
        const orderInsert = entityInsert(manager, OrderEntity, { ...order, number: () => NEXT_ORDER_NUMBER });
        // The order, its lines and history, the emptied cart and the events: one round trip.
        const [placed] = await runWritesAnswering<{ number: string }>(manager, 'select number from w0', [
          { ...orderInsert, text: `${orderInsert.text} returning number` },
          entityInsert(
            manager,
            OrderLineEntity,
            lines.map((line, position) => ({ ...line, orderId: order.id, position })),
          ),
          historyInsert(order.id, [PLACEMENT], order.placedAt),
          ...emptyCartWrites(cartId),
          outboxInsert(TOPICS.orders, events),
        ]);
        if (!placed) throw new Error(`the order ${order.id} answered no number`);
        return placed.number;
      },
      lock: (orderId) => lock(manager, orderId),
      lockWithLines: (orderId, trigger) => lockWithLines(manager, orderId, trigger),
      async lockUnpaid(timeoutSeconds, limit) {
        const due = await manager.query<{ id: string }[]>(
          `select id from orders
            where status = any($1::text[]) and placed_at <= now() - make_interval(secs => $2)
            order by placed_at limit $3
            for update skip locked`,
          [UNPAID_STATUSES, timeoutSeconds, limit],
        );
        return manager.getRepository(OrderEntity).findBy({ id: In(due.map((row) => row.id)) });
      },
      async apply({ before, order, transitions, events }) {
        const orderUpdate: SqlStatement = {
          // The version grows with the history rows inserted with it; the row lock keeps `before.version` current.
          text: 'update orders set status = $2, saga = $3::jsonb, updated_at = $4, version = version + $5 where id = $1',
          values: [before.id, order.status, JSON.stringify(order.facts), order.updatedAt, transitions.length],
        };
        await runWrites(manager, transitions.length === 0 ? [orderUpdate] : [orderUpdate, historyInsert(before.id, transitions, order.updatedAt), outboxInsert(TOPICS.orders, events)]);
        return order;
      },
    };
  }

  return {
    /** Runs `work` in one transaction, with writes under its locks. */
    transaction<T>(work: (orders: LockedOrders) => Promise<T>): Promise<T> {
      return dataSource.transaction((manager) => work(locked(manager)));
    },

    ...createOrderReads(dataSource),

    /** The customer's order under an idempotency key. */
    byKey: async (customerId: string, idempotencyKey: string): Promise<Order | undefined> => (await orders.findOneBy({ customerId, idempotencyKey })) ?? undefined,

  };
}
export type OrderStore = ReturnType<typeof createOrderStore>;
