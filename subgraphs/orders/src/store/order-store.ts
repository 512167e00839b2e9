import { randomUUID } from 'node:crypto';
import { In, LessThan, type DataSource, type EntityManager, type FindOptionsWhere } from 'typeorm';
import { TOPICS, type PostalAddress } from '@commerce/events';
import { inboxClaim, outboxInsert } from '@commerce/outbox';
import { entityInsert, newId, runWrites, runWritesAnswering, type SqlStatement } from '@commerce/service-kit';
import { OrdersError } from '../domain/errors.ts';
import { eventsFor, type Cause } from '../domain/order-events.ts';
import { PLACEMENT, UNPAID_STATUSES, decideCancellation, type OrderStatus, type Transition } from '../domain/order-status.ts';
import { checkout, type Order, type OrderLine, type StatusChange } from '../domain/order.ts';
import { priceOrder, unshippableMessage, type ShippingPolicy } from '../domain/pricing.ts';
import { react, REASONS, type SagaFacts, type SagaSignal } from '../domain/saga.ts';
import type { PlaceOrderInput } from '../domain/validation.ts';
import { savedAddressOf } from './address-store.ts';
import { cartFrom, cartLock, emptyCartWrites, type CartLineRow } from './cart-store.ts';
import { OrderEntity, OrderLineEntity, StatusChangeEntity } from './entities.ts';
import { ALREADY_PROCESSED, isUniqueViolation, type AlreadyProcessed, type Trigger } from './transaction.ts';
import { VARIANT_COLUMNS } from './variant-store.ts';

export interface OrderStoreOptions {
  currency: string;
  shipping: ShippingPolicy;
}

export type PlaceOutcome = { kind: 'placed' | 'existing'; order: Order };

export type ReactOutcome =
  | { kind: 'advanced'; status: OrderStatus; transitions: Transition[] }
  /** The fact was remembered, but the order cannot act on it yet (its predecessor has not arrived). */
  | { kind: 'remembered'; status: OrderStatus }
  /** A duplicate, a contradiction of an earlier outcome, or a late event for a final order. */
  | { kind: 'unchanged'; status: OrderStatus }
  /** Not an order of this service (another environment's or a test's event on the shared topic). */
  | { kind: 'unknown-order' };

export interface Page {
  nodes: Order[];
  hasNextPage: boolean;
  totalCount: number;
}

export interface PageQuery {
  status: OrderStatus | null;
  first: number;
  /** The last order id of the previous page. */
  after: string | null;
}

const unknownSavedAddress = () =>
  new OrdersError(
    'NOT_FOUND',
    'You have no saved address with this shippingAddressId. An address saved a moment ago can take a few seconds to become usable here: try again shortly, or send the address itself.',
  );

/**
 * Where the order ships: the address sent, or a copy of the customer's saved address as the
 * read model holds it now (later edits of the saved address do not change the order).
 */
async function shippingAddressFor(manager: EntityManager, customerId: string, input: PlaceOrderInput): Promise<PostalAddress> {
  if (!('shippingAddressId' in input)) return input.address;
  const saved = await savedAddressOf(manager, customerId, input.shippingAddressId);
  if (!saved) throw unknownSavedAddress();
  return saved;
}

/** The transitions' events link to the event that caused them, if any. */
const causeOf = (trigger: Trigger | undefined): Cause => (trigger ? { causationId: trigger.event.eventId } : {});

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
const CLAIM_AND_LOCK = lockedWithLines(
  `claim as (${inboxClaim('$2', '$3')}),`,
  'exists (select from claim)',
);
const LOCK = lockedWithLines('', 'true');

export function createOrderStore(dataSource: DataSource, options: OrderStoreOptions) {
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

  async function linesFor(manager: EntityManager, orderId: string): Promise<OrderLine[]> {
    const rows = await manager.query<OrderLine[]>(
      `select ${LINE_COLUMNS} from order_lines where order_id = $1 order by position`,
      [orderId],
    );
    return rows.map((line) => ({ ...line, unitPrice: Number(line.unitPrice) }));
  }

  /**
   * Writes an order's new status and facts, one history row per transition and the events
   * they emit, all in the caller's transaction (the outbox makes them commit together).
   */
  async function record(
    manager: EntityManager,
    order: Order,
    change: { status: OrderStatus; facts: SagaFacts; transitions: Transition[] },
    cause: Cause,
    /** The order's lines when the caller has them; read here when a transition announces them. */
    known?: OrderLine[],
  ): Promise<Order> {
    const at = new Date();
    const steps = change.transitions.length;
    const updated: Order = { ...order, status: change.status, facts: change.facts, updatedAt: at, version: order.version + steps };
    const orderUpdate: SqlStatement = {
      // The version grows with the history rows inserted with it; the row lock keeps `order.version` current.
      text: 'update orders set status = $2, saga = $3::jsonb, updated_at = $4, version = version + $5 where id = $1',
      values: [order.id, updated.status, JSON.stringify(updated.facts), at, steps],
    };
    if (steps === 0) {
      await runWrites(manager, [orderUpdate]);
      return updated;
    }
    const announcesLines = change.transitions.some((step) => step.to === 'CONFIRMED' || step.to === 'DELIVERED');
    const lines = known ?? (announcesLines ? await linesFor(manager, order.id) : []);
    const events = change.transitions.flatMap((step, index) => eventsFor(updated, lines, step, order.version + index + 1, at, cause));
    await runWrites(manager, [orderUpdate, historyInsert(order.id, change.transitions, at), outboxInsert(TOPICS.orders, events)]);
    return updated;
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

  /** Orders by id in the order of `ids`. */
  async function findByIds(ids: readonly string[]): Promise<(Order | undefined)[]> {
    const rows = ids.length === 0 ? [] : await orders.findBy({ id: In([...new Set(ids)]) });
    const byId = new Map(rows.map((row) => [row.id, row]));
    return ids.map((id) => byId.get(id));
  }

  return {
    /**
     * Turns the customer's cart into a PENDING order: lines and prices snapshotted from the
     * read model, the shipping address sent or copied from their saved one, totals with
     * shipping at the rate shipping quotes (BAD_USER_INPUT, writing nothing, when no carrier
     * can take the parcel), the cart emptied, OrderPlaced and OrderStatusChanged enqueued, in one
     * transaction. The same idempotency key returns the first order and writes nothing
     * (even once its saved address is gone); concurrent calls queue on the cart lock, so
     * only one can place it.
     */
    async place(customerId: string, input: PlaceOrderInput, correlationId?: string): Promise<PlaceOutcome> {
      const existing = () => orders.findOneBy({ customerId, idempotencyKey: input.idempotencyKey });
      try {
        return await dataSource.transaction(async (manager): Promise<PlaceOutcome> => {
          const reads = [newId('crt'), customerId, input.idempotencyKey];
          let rows = await manager.query<(CartLineRow & { keyUsed: boolean })[]>(CHECKOUT_READS, reads);
          if (rows.length === 0) rows = await manager.query<(CartLineRow & { keyUsed: boolean })[]>(CHECKOUT_READS_LOCKED, reads);
          const cart = cartFrom(rows);
          if (rows[0]?.keyUsed) {
            const previous = await manager.getRepository(OrderEntity).findOneBy({ customerId, idempotencyKey: input.idempotencyKey });
            if (previous) return { kind: 'existing', order: previous };
          }

          const result = checkout(cart.lines, options.currency);
          if (!result.ok) throw new OrdersError(result.code, result.message);
          const shippingAddress = await shippingAddressFor(manager, customerId, input);
          const priced = priceOrder(options.shipping, { country: shippingAddress.country, lines: result.lines, service: input.shippingService });
          if (!priced.ok) throw new OrdersError('BAD_USER_INPUT', unshippableMessage(priced));
          const now = new Date();
          const order: Omit<Order, 'number'> = {
            id: newId('ord'),
            customerId,
            status: 'PENDING',
            currency: options.currency,
            ...priced.totals,
            shippingAddress,
            shippingService: input.shippingService,
            paymentMethodId: input.paymentMethodId,
            idempotencyKey: input.idempotencyKey,
            correlationId: correlationId ?? randomUUID(),
            facts: {},
            placedAt: now,
            updatedAt: now,
            version: 1,
          };
          const orderInsert = entityInsert(manager, OrderEntity, { ...order, number: () => NEXT_ORDER_NUMBER });
          // The order, its lines and history, the emptied cart and the events: one round trip.
          const [placed] = await runWritesAnswering<{ number: string }>(manager, 'select number from w0', [
            { ...orderInsert, text: `${orderInsert.text} returning number` },
            entityInsert(
              manager,
              OrderLineEntity,
              result.lines.map((line, position) => ({ ...line, orderId: order.id, position })),
            ),
            historyInsert(order.id, [PLACEMENT], now),
            ...emptyCartWrites(cart.id),
            outboxInsert(TOPICS.orders, eventsFor(order, result.lines, PLACEMENT, order.version, now)),
          ]);
          if (!placed) throw new Error(`the order ${order.id} answered no number`);
          return { kind: 'placed', order: { ...order, number: placed.number } };
        });
      } catch (err) {
        // The cart lock already serialises a customer's checkouts; this is the backstop.
        if (isUniqueViolation(err)) {
          const order = await existing();
          if (order) return { kind: 'existing', order };
        }
        throw err;
      }
    },

    /**
     * Cancels an order on request (its customer or an admin). CONFLICT once it has shipped,
     * been delivered or been cancelled already; OrderCancelled triggers the compensations.
     */
    cancel(orderId: string, reason: string): Promise<Order> {
      return dataSource.transaction(async (manager) => {
        const order = await lock(manager, orderId);
        if (!order) throw new OrdersError('NOT_FOUND', 'No order has this id.');
        const decision = decideCancellation(order, reason);
        if (!decision.ok) throw new OrdersError('CONFLICT', decision.message);
        return record(manager, order, { status: 'CANCELLED', facts: order.facts, transitions: [decision.transition] }, {});
      });
    },

    /**
     * Applies what another service reported about an order (domain/saga.ts), once per event:
     * the inbox row commits with the effect, and a fact the order already has changes nothing.
     */
    react(orderId: string, signal: SagaSignal, trigger?: Trigger): Promise<ReactOutcome | AlreadyProcessed> {
      return dataSource.transaction(async (manager): Promise<ReactOutcome | AlreadyProcessed> => {
        const locked = await lockWithLines(manager, orderId, trigger);
        if (locked === 'already-processed') return ALREADY_PROCESSED;
        if (!locked) return { kind: 'unknown-order' };
        const { order, lines } = locked;
        const reaction = react(order, signal);
        if (!reaction) return { kind: 'unchanged', status: order.status };
        await record(manager, order, reaction, causeOf(trigger), lines);
        return reaction.transitions.length > 0
          ? { kind: 'advanced', status: reaction.status, transitions: reaction.transitions }
          : { kind: 'remembered', status: reaction.status };
      });
    },

    /**
     * Cancels (reason EXPIRED) up to `limit` orders still unpaid `timeoutSeconds` after
     * placement, in one transaction. Rows another transaction holds (a sweeper on another
     * replica, a saga event being applied) are skipped until the next pass.
     */
    expireUnpaid(timeoutSeconds: number, limit: number): Promise<string[]> {
      return dataSource.transaction(async (manager) => {
        const due = await manager.query<{ id: string }[]>(
          `select id from orders
            where status = any($1::text[]) and placed_at <= now() - make_interval(secs => $2)
            order by placed_at limit $3
            for update skip locked`,
          [UNPAID_STATUSES, timeoutSeconds, limit],
        );
        const locked = await manager.getRepository(OrderEntity).findBy({ id: In(due.map((row) => row.id)) });
        const expired: string[] = [];
        for (const order of locked) {
          const decision = decideCancellation(order, REASONS.expired);
          if (!decision.ok) continue;
          await record(manager, order, { status: 'CANCELLED', facts: order.facts, transitions: [decision.transition] }, {});
          expired.push(order.id);
        }
        return expired;
      });
    },

    findByIds,

    /** The lines of several orders, in the order of `orderIds`. */
    async linesOf(orderIds: readonly string[]): Promise<OrderLine[][]> {
      const rows = await dataSource
        .getRepository(OrderLineEntity)
        .find({ where: { orderId: In([...orderIds]) }, order: { orderId: 'ASC', position: 'ASC' } });
      return orderIds.map((id) => rows.filter((row) => row.orderId === id));
    },

    /** The status history of several orders, oldest first, in the order of `orderIds`. */
    async historyOf(orderIds: readonly string[]): Promise<StatusChange[][]> {
      const rows = await dataSource
        .getRepository(StatusChangeEntity)
        .find({ where: { orderId: In([...orderIds]) }, order: { id: 'ASC' } });
      return orderIds.map((id) => rows.filter((row) => row.orderId === id));
    },

    /** Admin listing: newest first, optionally of one customer and/or status. */
    async page(query: PageQuery & { customerId: string | null }): Promise<Page> {
      const filter: FindOptionsWhere<Order> = {
        ...(query.customerId ? { customerId: query.customerId } : {}),
        ...(query.status ? { status: query.status } : {}),
      };
      const [totalCount, rows] = await Promise.all([
        orders.countBy(filter),
        orders.find({
          where: { ...filter, ...(query.after ? { id: LessThan(query.after) } : {}) },
          order: { id: 'DESC' },
          take: query.first + 1,
        }),
      ]);
      return { nodes: rows.slice(0, query.first), hasNextPage: rows.length > query.first, totalCount };
    },

    /**
     * One page of orders per customer (newest first) for a list of customers, with the same
     * arguments: a constant number of statements however many customers are asked for.
     */
    async pagesOf(customerIds: readonly string[], query: PageQuery): Promise<Page[]> {
      const ids = [...new Set(customerIds)];
      const [picked, counts] = await Promise.all([
        dataSource.query<{ id: string }[]>(
          `select id from (
             select id, row_number() over (partition by customer_id order by id desc) as n
               from orders
              where customer_id = any($1::text[]) and ($2::text is null or status = $2) and ($3::text is null or id < $3)
           ) ranked where n <= $4`,
          [ids, query.status, query.after, query.first + 1],
        ),
        dataSource.query<{ customer_id: string; count: number }[]>(
          `select customer_id, count(*)::int as count from orders
            where customer_id = any($1::text[]) and ($2::text is null or status = $2) group by customer_id`,
          [ids, query.status],
        ),
      ]);
      const rows = (await findByIds(picked.map((row) => row.id))).filter((order): order is Order => order !== undefined);
      return customerIds.map((customerId) => {
        const mine = rows.filter((order) => order.customerId === customerId).sort((a, b) => (a.id < b.id ? 1 : -1));
        return {
          nodes: mine.slice(0, query.first),
          hasNextPage: mine.length > query.first,
          totalCount: counts.find((row) => row.customer_id === customerId)?.count ?? 0,
        };
      });
    },
  };
}
export type OrderStore = ReturnType<typeof createOrderStore>;
