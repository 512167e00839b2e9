import { useState, type FormEvent } from 'react';
import { Link } from 'wouter';
import { useQuery } from 'urql';
import { textOf } from '../components/forms';
import { PagedTable, QueryState, usePages, type Column } from '../components/paged-table';
import { When } from '../components/status';
import { CustomersDocument, type CustomersQuery } from '../graphql/generated/graphql';

type CustomerRow = CustomersQuery['customers']['edges'][number]['node'];

const COLUMNS: Column<CustomerRow>[] = [
  { header: 'Name', cell: (customer) => <Link href={`/customers/${customer.id}`}>{`${customer.firstName} ${customer.lastName}`}</Link> },
  { header: 'Email', cell: (customer) => customer.email },
  { header: 'Roles', cell: (customer) => customer.roles?.join(', ') },
  { header: 'Since', cell: (customer) => <When at={customer.createdAt} /> },
];

/** Customers in registration order, searched by email or name. */
export function CustomersPage() {
  const [search, setSearch] = useState<string | null>(null);
  const pages = usePages();
  const [result] = useQuery({ query: CustomersDocument, variables: { search, after: pages.after }, requestPolicy: 'cache-and-network' });
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setSearch(textOf(new FormData(event.currentTarget), 'search') ?? null);
    pages.reset();
  };
  const connection = result.data?.customers;
  return (
    <>
      <h1>Customers</h1>
      <form className="filters" role="search" aria-label="Search customers" onSubmit={submit}>
        <div className="field">
          <label htmlFor="c-search">Email or name</label>
          <input id="c-search" name="search" type="search" />
        </div>
        <button type="submit">Search</button>
      </form>
      <QueryState result={result} loading="Loading customers…" />
      {connection && <PagedTable connection={connection} columns={COLUMNS} caption="Customers" counted={['customer', 'customers']} pages={pages} />}
    </>
  );
}
