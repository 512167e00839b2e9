import { useState, type FormEvent } from 'react';
import { Link, useSearch } from 'wouter';
import { useQuery } from 'urql';
import { Field, fieldErrorsOf, formatMoney, messageFor } from '@commerce/web-kit';
import { placedBetween, textOf } from '../components/forms';
import { PagedTable, QueryState, usePages, type Column } from '../components/paged-table';
import { ORDER_STATUSES, StatusBadge, When, humanize } from '../components/status';
import { OrdersDocument, type OrderFilter, type OrderStatus, type OrderSummaryFragment } from '../graphql/generated/graphql';

const COLUMNS: Column<OrderSummaryFragment>[] = [
  { header: 'Order', cell: (order) => <Link href={`/orders/${order.id}`}>{order.number}</Link> },
  { header: 'Placed', cell: (order) => <When at={order.placedAt} /> },
  { header: 'Customer', cell: (order) => (order.customer ? <Link href={`/customers/${order.customer.id}`}>{`${order.customer.firstName} ${order.customer.lastName}`}</Link> : '—') },
  { header: 'Status', cell: (order) => <StatusBadge status={order.status} /> },
  { header: 'Total', cell: (order) => formatMoney(order.total), numeric: true },
];

/** Every order, newest first, by status, customer and the day it was placed. */
export function OrdersPage() {
  const search = new URLSearchParams(useSearch());
  const [filter, setFilter] = useState<OrderFilter>(() => {
    const customerId = search.get('customer');
    return customerId ? { customerId } : {};
  });
  const pages = usePages();
  const [result] = useQuery({ query: OrdersDocument, variables: { filter, after: pages.after }, requestPolicy: 'cache-and-network' });
  const apply = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const next: OrderFilter = {};
    const status = textOf(form, 'status');
    const customerId = textOf(form, 'customerId');
    if (status) next.status = status as OrderStatus;
    if (customerId) next.customerId = customerId;
    setFilter({ ...next, ...placedBetween(textOf(form, 'placedFrom'), textOf(form, 'placedUntil')) });
    pages.reset();
  };
  const connection = result.data?.orders;
  const fieldErrors = fieldErrorsOf(result.error);
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
      {/* A refusal of the filter is shown beside its fields, as every form does. */}
      <QueryState result={{ ...result, error: fieldErrors.length > 0 ? undefined : result.error }} loading="Loading orders…" />
      {connection && <PagedTable connection={connection} columns={COLUMNS} caption="Orders, newest first" counted={['order', 'orders']} pages={pages} />}
    </>
  );
}
