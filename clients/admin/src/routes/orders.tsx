import { useState, type FormEvent } from 'react';
import { Link, useSearch } from 'wouter';
import { useQuery } from 'urql';
import { Field, describeError, fieldErrorsOf, formatMoney, messageFor } from '@commerce/web-kit';
import { placedBetween, textOf } from '../components/forms';
import { Pager } from '../components/pager';
import { ORDER_STATUSES, StatusBadge, When, humanize } from '../components/status';
import { OrdersDocument, type OrderFilter, type OrderStatus } from '../graphql/generated/graphql';

/** Every order, newest first, by status, customer and the day it was placed. */
export function OrdersPage() {
  const search = new URLSearchParams(useSearch());
  const [filter, setFilter] = useState<OrderFilter>(() => {
    const customerId = search.get('customer');
    return customerId ? { customerId } : {};
  });
  const [pages, setPages] = useState<(string | null)[]>([null]);
  const [{ data, error, fetching }] = useQuery({ query: OrdersDocument, variables: { filter, after: pages.at(-1) ?? null }, requestPolicy: 'cache-and-network' });
  const apply = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const next: OrderFilter = {};
    const status = textOf(form, 'status');
    const customerId = textOf(form, 'customerId');
    if (status) next.status = status as OrderStatus;
    if (customerId) next.customerId = customerId;
    setFilter({ ...next, ...placedBetween(textOf(form, 'placedFrom'), textOf(form, 'placedUntil')) });
    setPages([null]);
  };
  const connection = data?.orders;
  const fieldErrors = fieldErrorsOf(error);
  return (
    <>
      <h1>Orders</h1>
      <form className="filters" aria-label="Filter orders" onSubmit={apply}>
        <div className="field">
          <label htmlFor="o-status">Status</label>
          <select id="o-status" name="status" defaultValue={filter.status ?? ''}>
            <option value="">Any status</option>
            {ORDER_STATUSES.map((s) => (
              <option key={s} value={s}>
                {humanize(s)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="o-customer">Customer id</label>
          <input id="o-customer" name="customerId" defaultValue={filter.customerId ?? ''} />
        </div>
        <Field label="Placed from" error={messageFor(fieldErrors, 'placedAfter', 'filter.')}>
          <input name="placedFrom" type="date" />
        </Field>
        <Field label="Placed until" error={messageFor(fieldErrors, 'placedBefore', 'filter.')}>
          <input name="placedUntil" type="date" />
        </Field>
        <button type="submit">Apply filters</button>
      </form>
      {error && <p role="alert" className="problem">{describeError(error)}</p>}
      {fetching && !data && <p aria-live="polite">Loading orders…</p>}
      {connection && (
        <>
          <p aria-live="polite">
            {connection.totalCount} {connection.totalCount === 1 ? 'order' : 'orders'}
          </p>
          <div className="table-wrap">
            <table className="data">
              <caption className="visually-hidden">Orders, newest first</caption>
              <thead>
                <tr>
                  <th scope="col">Order</th>
                  <th scope="col">Placed</th>
                  <th scope="col">Customer</th>
                  <th scope="col">Status</th>
                  <th scope="col">Total</th>
                </tr>
              </thead>
              <tbody>
                {connection.edges.map(({ node }) => (
                  <tr key={node.id}>
                    <td>
                      <Link href={`/orders/${node.id}`}>{node.number}</Link>
                    </td>
                    <td>
                      <When at={node.placedAt} />
                    </td>
                    <td>{node.customer ? <Link href={`/customers/${node.customer.id}`}>{`${node.customer.firstName} ${node.customer.lastName}`}</Link> : '—'}</td>
                    <td>
                      <StatusBadge status={node.status} />
                    </td>
                    <td className="num">{formatMoney(node.total)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pager pages={pages} endCursor={connection.pageInfo.endCursor} hasNextPage={connection.pageInfo.hasNextPage} onPages={setPages} />
        </>
      )}
    </>
  );
}
