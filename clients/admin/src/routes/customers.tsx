import { useState, type FormEvent } from 'react';
import { Link } from 'wouter';
import { useQuery } from 'urql';
import { describeError } from '@commerce/web-kit';
import { textOf } from '../components/forms';
import { Pager } from '../components/pager';
import { When } from '../components/status';
import { CustomersDocument } from '../graphql/generated/graphql';

/** Customers in registration order, searched by email or name. */
export function CustomersPage() {
  const [search, setSearch] = useState<string | null>(null);
  const [pages, setPages] = useState<(string | null)[]>([null]);
  const [{ data, error, fetching }] = useQuery({ query: CustomersDocument, variables: { search, after: pages.at(-1) ?? null }, requestPolicy: 'cache-and-network' });
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setSearch(textOf(new FormData(event.currentTarget), 'search') ?? null);
    setPages([null]);
  };
  const connection = data?.customers;
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
      {error && <p role="alert" className="problem">{describeError(error)}</p>}
      {fetching && !data && <p aria-live="polite">Loading customers…</p>}
      {connection && (
        <>
          <p aria-live="polite">
            {connection.totalCount} {connection.totalCount === 1 ? 'customer' : 'customers'}
          </p>
          <div className="table-wrap">
            <table className="data">
              <caption className="visually-hidden">Customers</caption>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Email</th>
                  <th scope="col">Roles</th>
                  <th scope="col">Since</th>
                </tr>
              </thead>
              <tbody>
                {connection.edges.map(({ node }) => (
                  <tr key={node.id}>
                    <td>
                      <Link href={`/customers/${node.id}`}>{`${node.firstName} ${node.lastName}`}</Link>
                    </td>
                    <td>{node.email}</td>
                    <td>{node.roles?.join(', ')}</td>
                    <td>
                      <When at={node.createdAt} />
                    </td>
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
