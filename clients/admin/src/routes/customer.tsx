import { Link, useParams } from 'wouter';
import { useMutation, useQuery } from 'urql';
import { describeError, formatMoney } from '@commerce/web-kit';
import { Pager, usePages } from '../components/paged-table';
import { ReviewList } from '../components/review-list';
import { StatusBadge, When } from '../components/status';
import { AdminCustomerDocument, GrantRoleDocument, RevokeRoleDocument } from '../graphql/generated/graphql';
import { useSession } from '../graphql/session';

/** One customer: details, their orders and reviews; grant or revoke the admin role. */
export function CustomerPage() {
  const { id } = useParams<{ id: string }>();
  const session = useSession();
  const pages = usePages();
  const [{ data, error, fetching }] = useQuery({ query: AdminCustomerDocument, variables: { id, ordersAfter: pages.after }, requestPolicy: 'cache-and-network' });
  const [grant, runGrant] = useMutation(GrantRoleDocument);
  const [revoke, runRevoke] = useMutation(RevokeRoleDocument);
  if (fetching && !data) return <p aria-live="polite">Loading…</p>;
  const customer = data?.customer;
  if (!customer) {
    return (
      <>
        <h1>Customer not found</h1>
        {error && <p role="alert" className="problem">{describeError(error)}</p>}
        <Link href="/customers">Back to customers</Link>
      </>
    );
  }
  const admin = customer.roles?.includes('ADMIN') ?? false;
  const self = session?.customer.id === customer.id;
  const roleError = grant.error ?? revoke.error;
  return (
    <>
      <p className="breadcrumbs">
        <Link href="/customers">Customers</Link> /
      </p>
      <h1>{`${customer.firstName} ${customer.lastName}`}</h1>
      <div className="columns">
        <section className="panel" aria-labelledby="details-heading">
          <h2 id="details-heading">Details</h2>
          <dl className="facts">
            <div>
              <dt>Email</dt>
              <dd>{customer.email}</dd>
            </div>
            <div>
              <dt>Phone</dt>
              <dd>{customer.phone ?? '—'}</dd>
            </div>
            <div>
              <dt>Customer since</dt>
              <dd>
                <When at={customer.createdAt} />
              </dd>
            </div>
            <div>
              <dt>Roles</dt>
              <dd data-testid="roles">{customer.roles?.join(', ')}</dd>
            </div>
          </dl>
          <div className="actions">
            {admin ? (
              <button type="button" className="danger" disabled={revoke.fetching || self} onClick={() => void runRevoke({ customerId: customer.id, role: 'ADMIN' })}>
                Revoke the admin role
              </button>
            ) : (
              <button type="button" disabled={grant.fetching} onClick={() => void runGrant({ customerId: customer.id, role: 'ADMIN' })}>
                Grant the admin role
              </button>
            )}
            {self && admin && <span className="muted">You cannot revoke your own admin role.</span>}
          </div>
          {roleError && <p role="alert" className="problem">{describeError(roleError)}</p>}
          <h3>Addresses</h3>
          {customer.addresses?.length ? (
            <ul className="plain">
              {customer.addresses.map((a) => (
                <li key={a.id}>
                  {a.recipient}, {a.line1}, {a.postalCode} {a.city}, {a.country}
                </li>
              ))}
            </ul>
          ) : (
            <p className="muted">None saved.</p>
          )}
        </section>
        <section className="panel" aria-labelledby="orders-heading">
          <h2 id="orders-heading">Orders ({customer.orders?.totalCount ?? 0})</h2>
          <ul className="plain">
            {customer.orders?.edges.map(({ node }) => (
              <li key={node.id}>
                <Link href={`/orders/${node.id}`}>{node.number}</Link> · <StatusBadge status={node.status} /> · {formatMoney(node.total)} · <When at={node.placedAt} />
              </li>
            ))}
          </ul>
          {customer.orders && <Pager pages={pages} pageInfo={customer.orders.pageInfo} />}
        </section>
      </div>
      <section aria-labelledby="reviews-heading">
        <h2 id="reviews-heading">Reviews ({customer.reviews?.totalCount ?? 0})</h2>
        <ReviewList reviews={customer.reviews?.edges.map((e) => e.node) ?? []} showProduct />
      </section>
    </>
  );
}
