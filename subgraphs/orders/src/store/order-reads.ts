import { And, In, LessThan, MoreThanOrEqual, type DataSource, type FindOptionsWhere } from 'typeorm';
import type { OrderStatus } from '../domain/order-status.ts';
import type { Order, OrderLine, StatusChange } from '../domain/order.ts';
import { OrderEntity, OrderLineEntity, StatusChangeEntity } from './entities.ts';

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

export interface AdminPageQuery extends PageQuery {
  customerId: string | null;
  /** Inclusive. */
  placedAfter: Date | null;
  /** Exclusive. */
  placedBefore: Date | null;
}

function placedWithin(after: Date | null, before: Date | null): FindOptionsWhere<Order> {
  if (after && before) return { placedAt: And(MoreThanOrEqual(after), LessThan(before)) };
  if (after) return { placedAt: MoreThanOrEqual(after) };
  if (before) return { placedAt: LessThan(before) };
  return {};
}

/** The orders database's reads for the API: no lock taken. */
export function createOrderReads(dataSource: DataSource) {
  const orders = dataSource.getRepository(OrderEntity);

  /** Orders by id in the order of `ids`. */
async function findByIds(ids: readonly string[]): Promise<(Order | undefined)[]> {
  const rows = ids.length === 0 ? [] : await orders.findBy({ id: In([...new Set(ids)]) });
  const byId = new Map(rows.map((row) => [row.id, row]));
  return ids.map((id) => byId.get(id));
}

  return {
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

    /**
     * Admin listing: newest first, optionally of one customer and/or status, placed at or
     * after `placedAfter` and before `placedBefore`. The cursor stays the last id seen: ids
     * sort by time of placement, and the date range is part of every page's filter.
     */
    async page(query: AdminPageQuery): Promise<Page> {
      const filter: FindOptionsWhere<Order> = {
        ...(query.customerId ? { customerId: query.customerId } : {}),
        ...(query.status ? { status: query.status } : {}),
        ...placedWithin(query.placedAfter, query.placedBefore),
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
