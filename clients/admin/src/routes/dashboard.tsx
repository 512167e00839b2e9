import { useMemo, useRef, useState } from 'react';
import { Link } from 'wouter';
import { stringifyDocument, useQuery } from 'urql';
import { formatMoney, useResumableSubscription } from '@commerce/web-kit';
import { QueryState } from '../components/paged-table';
import { ORDER_STATUSES, StatusBadge, When, humanize } from '../components/status';
import { wsClient } from '../graphql/client';
import { DashboardDocument, OrderFeedDocument, type OrderSummaryFragment, type OrderStatus } from '../graphql/generated/graphql';

const ORDER_FEED = stringifyDocument(OrderFeedDocument);
const LIVE_LABEL = { connecting: 'Connecting…', live: 'Live', reconnecting: 'Reconnecting… (missed updates follow)', done: 'Live' } as const;

type Counts = Record<OrderStatus, number>;

/** Orders arriving and moving as they happen (orderFeed), with the count of orders in each status. */
export function DashboardPage() {
  const [result, reload] = useQuery({ query: DashboardDocument, requestPolicy: 'network-only' });
  const { data } = result;
  // What the feed changed since the page loaded: the newest version of each order it pushed,
  // and the moves between statuses it saw (applied to the counts the query answered).
  const [pushed, setPushed] = useState<Map<string, OrderSummaryFragment>>(new Map());
  const seen = useRef(new Map<string, number>());
  const [moves, setMoves] = useState<Counts>(() => Object.fromEntries(ORDER_STATUSES.map((s) => [s, 0])) as Counts);

  const live = useResumableSubscription<{ orderFeed: OrderSummaryFragment }>(wsClient, 'order-feed', {
    query: ORDER_FEED,
    operationName: 'OrderFeed',
    variables: {},
    // Dropped before the first change arrived: nothing to resume from, so count afresh.
    onResync: () => {
      seen.current = new Map();
      setPushed(new Map());
      setMoves(Object.fromEntries(ORDER_STATUSES.map((s) => [s, 0])) as Counts);
      reload({ requestPolicy: 'network-only' });
    },
    onData: ({ orderFeed: order }) => {
      // Each status change arrives once; a replayed or older version changes nothing.
      if ((seen.current.get(order.id) ?? 0) >= order.version) return;
      seen.current.set(order.id, order.version);
      setPushed((prev) => new Map(prev).set(order.id, order));
      const change = order.statusHistory.at(-1);
      if (change) setMoves((m) => ({ ...m, [change.to]: m[change.to] + 1, ...(change.from ? { [change.from]: m[change.from] - 1 } : {}) }));
    },
  });

  const counts: Counts | null = data
    ? {
        PENDING: data.pending.totalCount + moves.PENDING,
        AWAITING_PAYMENT: data.awaitingPayment.totalCount + moves.AWAITING_PAYMENT,
        CONFIRMED: data.confirmed.totalCount + moves.CONFIRMED,
        SHIPPED: data.shipped.totalCount + moves.SHIPPED,
        DELIVERED: data.delivered.totalCount + moves.DELIVERED,
        CANCELLED: data.cancelled.totalCount + moves.CANCELLED,
      }
    : null;

  const orders = useMemo(() => {
    const byId = new Map((data?.recent.edges ?? []).map(({ node }) => [node.id, node]));
    for (const [id, order] of pushed) {
      const known = byId.get(id);
      if (!known || known.version < order.version) byId.set(id, order);
    }
    // Every order the feed pushed while the page is open stays listed (up to 200), newest change first.
    return [...byId.values()].sort((a, b) => b.updatedAt.localeCompare(a.updatedAt)).slice(0, 15 + Math.min(pushed.size, 200));
  }, [data, pushed]);

  return (
    <>
      <div className="page-head">
        <h1>Dashboard</h1>
        <span className={`live-badge ${live}`} role="status">
          {LIVE_LABEL[live]}
        </span>
      </div>
      <QueryState result={result} loading="Loading orders…" />
      {counts && (
        <section aria-labelledby="counts-heading">
          <h2 id="counts-heading">Orders by status</h2>
          <ul className="tiles">
            {ORDER_STATUSES.map((status) => (
              <li key={status} className="tile" data-testid={`count-${status}`}>
                <span className="tile-count">{counts[status]}</span>
                <span className="tile-label">{humanize(status)}</span>
              </li>
            ))}
          </ul>
        </section>
      )}
      <section aria-labelledby="recent-heading">
        <h2 id="recent-heading">Latest activity</h2>
        <div className="table-wrap">
          <table className="data" aria-describedby="recent-heading">
            <thead>
              <tr>
                <th scope="col">Order</th>
                <th scope="col">Status</th>
                <th scope="col">Customer</th>
                <th scope="col">Total</th>
                <th scope="col">Updated</th>
              </tr>
            </thead>
            <tbody>
              {orders.map((order) => (
                <tr key={order.id} data-order={order.number}>
                  <td>
                    <Link href={`/orders/${order.id}`}>{order.number}</Link>
                  </td>
                  <td>
                    <StatusBadge status={order.status} />
                  </td>
                  <td>{order.customer ? `${order.customer.firstName} ${order.customer.lastName}` : '—'}</td>
                  <td className="num">{formatMoney(order.total)}</td>
                  <td>
                    <When at={order.updatedAt} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {data && orders.length === 0 && <p className="muted">No orders yet. New ones appear here as they are placed.</p>}
      </section>
    </>
  );
}
