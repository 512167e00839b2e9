import { useEffect, useState, type FormEvent } from 'react';
import { Link, useParams } from 'wouter';
import { stringifyDocument, useMutation, useQuery } from 'urql';
import { Field, describeError, errorCode, fieldErrorsOf, formatMoney, messageFor, useResumableSubscription } from '@commerce/web-kit';
import { textOf } from '../components/forms';
import { StatusBadge, When, humanize } from '../components/status';
import { wsClient } from '../graphql/client';
import {
  AdminOrderDocument,
  AdminOrderUpdatedDocument,
  CancelOrderDocument,
  CapturePaymentDocument,
  RecordTrackingEventDocument,
  RefundPaymentDocument,
  type OrderDetailFragment,
  type PaymentDetailFragment,
  type ShipmentDetailFragment,
  type ShipmentStatus,
} from '../graphql/generated/graphql';

const ORDER_UPDATED = stringifyDocument(AdminOrderUpdatedDocument);
const SHIPMENT_STATUSES: ShipmentStatus[] = ['IN_TRANSIT', 'OUT_FOR_DELIVERY', 'DELIVERED', 'EXCEPTION'];
const REFUNDABLE = new Set(['CAPTURED', 'PARTIALLY_REFUNDED']);
const CANCELLABLE = new Set(['PENDING', 'AWAITING_PAYMENT', 'CONFIRMED']);

function Payment({ payment }: { payment: PaymentDetailFragment }) {
  const [capture, runCapture] = useMutation(CapturePaymentDocument);
  const [refund, runRefund] = useMutation(RefundPaymentDocument);
  const [refunded, setRefunded] = useState<string | null>(null);
  const errors = fieldErrorsOf(refund.error);
  const submitRefund = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setRefunded(null);
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const amount = textOf(form, 'amount');
    const result = await runRefund({
      paymentId: payment.id,
      amount: amount ? { amount, currencyCode: payment.amount.currencyCode } : null,
      reason: textOf(form, 'reason') ?? '',
    });
    if (result.data) {
      setRefunded(`Refunded ${amount ? formatMoney({ amount, currencyCode: payment.amount.currencyCode }) : 'everything left'}.`);
      formElement.reset();
    }
  };
  return (
    <section className="panel" aria-labelledby="payment-heading">
      <h2 id="payment-heading">Payment</h2>
      <dl className="facts">
        <div>
          <dt>Status</dt>
          <dd data-testid="payment-status">
            <StatusBadge status={payment.status} />
          </dd>
        </div>
        <div>
          <dt>Amount</dt>
          <dd>{formatMoney(payment.amount)}</dd>
        </div>
        <div>
          <dt>Captured</dt>
          <dd>{formatMoney(payment.capturedAmount)}</dd>
        </div>
        <div>
          <dt>Refunded</dt>
          <dd data-testid="refunded-amount">{formatMoney(payment.refundedAmount)}</dd>
        </div>
        {payment.method && (
          <div>
            <dt>Card</dt>
            <dd>
              {humanize(payment.method.brand)} ending {payment.method.last4}
            </dd>
          </div>
        )}
        {payment.failureCode && (
          <div>
            <dt>Failure</dt>
            <dd>
              {humanize(payment.failureCode)}: {payment.failureMessage}
            </dd>
          </div>
        )}
      </dl>
      <h3>Transactions</h3>
      <div className="table-wrap">
        <table className="data">
          <caption className="visually-hidden">Payment transactions</caption>
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Kind</th>
              <th scope="col">Amount</th>
              <th scope="col">Result</th>
              <th scope="col">Gateway reference</th>
            </tr>
          </thead>
          <tbody>
            {payment.transactions.map((t) => (
              <tr key={t.id}>
                <td>
                  <When at={t.createdAt} />
                </td>
                <td>{humanize(t.kind)}</td>
                <td className="num">{formatMoney(t.amount)}</td>
                <td>{humanize(t.status)}</td>
                <td className="mono">{t.gatewayReference ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {payment.refunds.length > 0 && (
        <>
          <h3>Refunds</h3>
          <ul className="plain">
            {payment.refunds.map((r) => (
              <li key={r.id}>
                {formatMoney(r.amount)} · {r.reason} · {humanize(r.status)} · <When at={r.createdAt} />
              </li>
            ))}
          </ul>
        </>
      )}
      {payment.status === 'AUTHORIZED' && (
        <div className="actions">
          <button type="button" className="primary" disabled={capture.fetching} onClick={() => void runCapture({ paymentId: payment.id })}>
            Capture {formatMoney(payment.amount)}
          </button>
          {capture.error && <p role="alert" className="problem">{describeError(capture.error)}</p>}
        </div>
      )}
      {REFUNDABLE.has(payment.status) && (
        <form aria-label="Refund" onSubmit={(e) => void submitRefund(e)}>
          <h3>Refund</h3>
          <div className="row">
            <Field label={`Amount (${payment.amount.currencyCode})`} hint="leave empty to refund everything left" error={messageFor(errors, 'amount')}>
              <input name="amount" inputMode="decimal" />
            </Field>
            <Field label="Reason for the refund" error={messageFor(errors, 'reason')}>
              <input name="reason" required />
            </Field>
          </div>
          {refund.error && !errors.length && <p role="alert" className="problem">{describeError(refund.error)}</p>}
          <div className="actions">
            <button type="submit" disabled={refund.fetching}>
              Refund
            </button>
            {refunded && <span role="status">{refunded}</span>}
          </div>
        </form>
      )}
    </section>
  );
}

function Shipment({ shipment }: { shipment: ShipmentDetailFragment }) {
  const [record, run] = useMutation(RecordTrackingEventDocument);
  const errors = fieldErrorsOf(record.error);
  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const occurredAt = textOf(form, 'occurredAt');
    const result = await run({
      shipmentId: shipment.id,
      input: { status: String(form.get('status')) as ShipmentStatus, location: textOf(form, 'location') ?? '', ...(occurredAt ? { occurredAt: new Date(occurredAt).toISOString() } : {}) },
    });
    if (result.data) formElement.reset();
  };
  const final = shipment.status === 'DELIVERED' || shipment.status === 'CANCELLED';
  return (
    <article className="panel" aria-label={`Shipment ${shipment.trackingNumber}`}>
      <h3>
        {shipment.carrier} {humanize(shipment.service)} · <StatusBadge status={shipment.status} />
      </h3>
      <p>
        Tracking <a href={shipment.trackingUrl}>{shipment.trackingNumber}</a> · expected {new Date(shipment.estimatedDelivery).toLocaleDateString('en-GB')}
      </p>
      <ol className="timeline">
        {shipment.trackingEvents.map((e, i) => (
          <li key={i}>
            <strong>{humanize(e.status)}</strong> {e.location && `· ${e.location}`} <When at={e.occurredAt} />
          </li>
        ))}
      </ol>
      {!final && (
        <form aria-label={`Record a tracking event for ${shipment.trackingNumber}`} onSubmit={(e) => void submit(e)}>
          <div className="row">
            <Field label="New status" error={messageFor(errors, 'status')}>
              <select name="status" defaultValue="IN_TRANSIT">
                {SHIPMENT_STATUSES.map((s) => (
                  <option key={s} value={s}>
                    {humanize(s)}
                  </option>
                ))}
              </select>
            </Field>
            <Field label="Location" error={messageFor(errors, 'location')}>
              <input name="location" required />
            </Field>
            <Field label="When (optional)" error={messageFor(errors, 'occurredAt')}>
              <input name="occurredAt" type="datetime-local" />
            </Field>
          </div>
          {record.error && !errors.length && <p role="alert" className="problem">{describeError(record.error)}</p>}
          <button type="submit" disabled={record.fetching}>
            Record tracking event
          </button>
        </form>
      )}
    </article>
  );
}

function Cancel({ order }: { order: OrderDetailFragment }) {
  const [state, run] = useMutation(CancelOrderDocument);
  const errors = fieldErrorsOf(state.error);
  return (
    <form
      className="panel"
      aria-label="Cancel the order"
      onSubmit={(e) => {
        e.preventDefault();
        void run({ id: order.id, reason: textOf(new FormData(e.currentTarget), 'reason') ?? null });
      }}
    >
      <h2>Cancel</h2>
      <div className="row">
        <Field label="Reason for cancelling" error={messageFor(errors, 'reason')}>
          <input name="reason" />
        </Field>
        <button type="submit" className="danger" disabled={state.fetching}>
          Cancel order
        </button>
      </div>
      {state.error && !errors.length && <p role="alert" className="problem">{describeError(state.error)}</p>}
    </form>
  );
}

/** One order: lines, status history, payment and its transactions (capture, refund), cancel, shipments (record tracking). */
export function OrderPage() {
  const { id } = useParams<{ id: string }>();
  const [{ data, error, fetching }] = useQuery({ query: AdminOrderDocument, variables: { id }, requestPolicy: 'cache-and-network' });
  const [latest, setLatest] = useState<OrderDetailFragment | null>(null);
  const live = useResumableSubscription<{ orderUpdated: OrderDetailFragment }>(wsClient, id, {
    query: ORDER_UPDATED,
    operationName: 'AdminOrderUpdated',
    variables: { orderId: id },
    enabled: !!data?.order,
    onData: ({ orderUpdated }) => setLatest(orderUpdated),
  });
  // The query's answer is refetched after every mutation here; a push is newer unless that answer is further along.
  const initial = data?.order ?? null;
  useEffect(() => {
    setLatest((pushed) => (pushed && initial && pushed.version <= initial.version ? null : pushed));
  }, [initial]);
  if (fetching && !data) return <p aria-live="polite">Loading the order…</p>;
  const order = latest ?? initial;
  if (!order) {
    return (
      <>
        <h1>Order not found</h1>
        {error && errorCode(error) !== 'NOT_FOUND' && <p role="alert" className="problem">{describeError(error)}</p>}
        <Link href="/orders">Back to orders</Link>
      </>
    );
  }
  return (
    <>
      <p className="breadcrumbs">
        <Link href="/orders">Orders</Link> /
      </p>
      <div className="page-head">
        <h1>Order {order.number}</h1>
        <span data-testid="order-status">
          <StatusBadge status={order.status} />
        </span>
        <span className={`live-badge ${live}`} role="status">
          {live === 'live' || live === 'done' ? 'Live' : live === 'reconnecting' ? 'Reconnecting…' : 'Connecting…'}
        </span>
      </div>
      <div className="columns">
        <section className="panel" aria-labelledby="lines-heading">
          <h2 id="lines-heading">Lines</h2>
          <div className="table-wrap">
            <table className="data">
              <thead>
                <tr>
                  <th scope="col">Item</th>
                  <th scope="col">SKU</th>
                  <th scope="col">Qty</th>
                  <th scope="col">Unit</th>
                  <th scope="col">Total</th>
                </tr>
              </thead>
              <tbody>
                {order.lines.map((line) => (
                  <tr key={line.sku}>
                    <td>{line.name}</td>
                    <td>{line.sku}</td>
                    <td className="num">{line.quantity}</td>
                    <td className="num">{formatMoney(line.unitPrice)}</td>
                    <td className="num">{formatMoney(line.lineTotal)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <dl className="facts">
            <div>
              <dt>Subtotal</dt>
              <dd>{formatMoney(order.subtotal)}</dd>
            </div>
            <div>
              <dt>Shipping ({humanize(order.shippingService)})</dt>
              <dd>{formatMoney(order.shippingTotal)}</dd>
            </div>
            <div>
              <dt>Total</dt>
              <dd>
                <strong>{formatMoney(order.total)}</strong>
              </dd>
            </div>
          </dl>
        </section>
        <section className="panel" aria-labelledby="customer-heading">
          <h2 id="customer-heading">Customer and address</h2>
          {order.customer && (
            <p>
              <Link href={`/customers/${order.customer.id}`}>{`${order.customer.firstName} ${order.customer.lastName}`}</Link>
              <br />
              {order.customer.email}
            </p>
          )}
          <address>
            {order.shippingAddress.recipient}
            <br />
            {order.shippingAddress.line1}
            {order.shippingAddress.line2 && (
              <>
                <br />
                {order.shippingAddress.line2}
              </>
            )}
            <br />
            {order.shippingAddress.postalCode} {order.shippingAddress.city}
            <br />
            {order.shippingAddress.country}
          </address>
          <h2>Status history</h2>
          <ol className="timeline">
            {order.statusHistory.map((change, i) => (
              <li key={i}>
                <strong>{humanize(change.to)}</strong>
                {change.reason && <span className="muted"> · {humanize(change.reason)}</span>} <When at={change.at} />
              </li>
            ))}
          </ol>
        </section>
      </div>
      {order.payment ? <Payment payment={order.payment} /> : <p className="muted">No payment yet.</p>}
      <section aria-labelledby="shipments-heading">
        <h2 id="shipments-heading">Shipments</h2>
        {order.shipments?.length ? order.shipments.map((s) => <Shipment key={s.id} shipment={s} />) : <p className="muted">Nothing shipped yet.</p>}
      </section>
      {CANCELLABLE.has(order.status) && <Cancel order={order} />}
    </>
  );
}
