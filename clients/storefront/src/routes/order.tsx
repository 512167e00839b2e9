import { useState } from 'react';
import { Link, useParams } from 'wouter';
import { stringifyDocument, useQuery } from 'urql';
import { wsClient } from '../graphql/client';
import { describeError, errorCode, formatMoney, useResumableSubscription, type LiveState } from '@commerce/web-kit';
import { OrderPageDocument, OrderUpdatedDocument, type OrderViewFragment } from '../graphql/generated/graphql';

const LABELS: Record<string, string> = {
  PENDING: 'Order received',
  AWAITING_PAYMENT: 'Stock reserved, awaiting payment',
  CONFIRMED: 'Payment accepted, order confirmed',
  SHIPPED: 'Shipped',
  DELIVERED: 'Delivered',
  CANCELLED: 'Cancelled',
};
const FINAL = new Set(['DELIVERED', 'CANCELLED']);

/** Reasons arrive as codes (PAYMENT_DECLINED: INSUFFICIENT_FUNDS); shoppers read words. */
function humanize(reason: string): string {
  const words = reason.replace(/_/g, ' ').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}
const ORDER_UPDATED = stringifyDocument(OrderUpdatedDocument);

/** Why an order was cancelled, in words a shopper can act on (the reasons are the saga's codes). */
function cancellation(reason: string): string {
  if (reason.startsWith('OUT_OF_STOCK')) return 'This order was cancelled because an item ran out of stock before we could reserve it. Nothing was charged; try a smaller quantity or another variant.';
  if (reason.startsWith('UNKNOWN_VARIANT')) return 'This order was cancelled because an item is no longer sold. Nothing was charged.';
  if (reason === 'EXPIRED') return 'This order was cancelled because the payment did not complete in time.';
  return `This order was cancelled (${humanize(reason || 'no reason given')}).`;
}

/**
 * Follows orderUpdated from the last cursor seen: when the socket drops (network, expired
 * token) it subscribes again with `after`, so what was missed arrives once, in order.
 */
function useLiveOrder(orderId: string, enabled: boolean, onOrder: (order: OrderViewFragment) => void): LiveState {
  return useResumableSubscription<{ orderUpdated: OrderViewFragment }>(wsClient, orderId, {
    query: ORDER_UPDATED,
    operationName: 'OrderUpdated',
    variables: { orderId },
    enabled,
    onData: (data) => onOrder(data.orderUpdated),
    isFinal: (data) => FINAL.has(data.orderUpdated.status),
  });
}

export function OrderPage() {
  const { id } = useParams<{ id: string }>();
  const [{ data, error, fetching }] = useQuery({ query: OrderPageDocument, variables: { id }, requestPolicy: 'network-only' });
  const [latest, setLatest] = useState<OrderViewFragment | null>(null);
  const initial = data?.order ?? null;
  // Statuses only move forward: keep whichever view is further along.
  const order = latest && (!initial || latest.version >= initial.version) ? latest : initial;
  const live = useLiveOrder(id, !!initial, (next) => setLatest((prev) => (prev && prev.version > next.version ? prev : next)));

  if (fetching && !data) return <p aria-live="polite">Loading your order…</p>;
  if (!order) {
    const code = errorCode(error);
    if (error && code !== 'NOT_FOUND' && code !== 'FORBIDDEN' && code !== 'UNAUTHENTICATED') return <p role="alert">{describeError(error)}</p>;
    return (
      <>
        <h1>Order not found</h1>
        <p>
          There is no order at this address for your account. <Link href="/account">See your orders</Link>
        </p>
      </>
    );
  }
  const payment = order.payment;
  return (
    <article className="order">
      <div className="results-head">
        <h1>Order {order.number}</h1>
        <span className={`live ${live}`} role="status">
          {live === 'live' ? 'Live updates on' : live === 'done' ? null : live === 'reconnecting' ? 'Reconnecting…' : 'Connecting…'}
        </span>
      </div>
      <p className="status-line">
        Status: <strong data-testid="order-status">{order.status}</strong>
      </p>
      {order.status === 'CANCELLED' && (
        <div className="problem" role="alert">
          {payment?.status === 'FAILED' ? (
            <p>
              This order was cancelled because the payment was declined{payment.failureMessage ? `: ${payment.failureMessage}` : '.'} Your card was not charged.
            </p>
          ) : (
            <p>{cancellation(order.statusHistory.at(-1)?.reason ?? '')}</p>
          )}
          <p>
            <Link href="/">Shop again</Link> and pay with another card.
          </p>
        </div>
      )}
      <div className="order-grid">
        <section aria-labelledby="timeline-heading">
          <h2 id="timeline-heading">Timeline</h2>
          <ol className="timeline" aria-live="polite">
            {order.statusHistory.map((change) => (
              <li key={`${change.to}-${change.at}`} data-status={change.to}>
                <strong>{LABELS[change.to] ?? change.to}</strong>
                <time dateTime={change.at}>{new Date(change.at).toLocaleTimeString('en-GB')}</time>
                {change.reason && <span className="muted">{humanize(change.reason)}</span>}
              </li>
            ))}
          </ol>
        </section>
        <section aria-labelledby="items-heading">
          <h2 id="items-heading">Items</h2>
          <ul className="plain">
            {order.lines.map((line) => (
              <li key={line.sku}>
                {line.quantity} × {line.variant?.product ? <Link href={`/p/${line.variant.product.slug}`}>{line.name}</Link> : line.name}
                {line.variant && line.variant.title !== line.sku && !line.name.includes(line.variant.title) && <span className="muted"> ({line.variant.title})</span>} · {formatMoney(line.lineTotal)}
              </li>
            ))}
          </ul>
          <dl className="totals">
            <div>
              <dt>Subtotal</dt>
              <dd>{formatMoney(order.subtotal)}</dd>
            </div>
            <div>
              <dt>Shipping ({order.shippingService.toLowerCase()})</dt>
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
        <section aria-labelledby="payment-heading">
          <h2 id="payment-heading">Payment</h2>
          {payment ? (
            <p>
              {payment.method ? `${payment.method.brand} •••• ${payment.method.last4}` : 'Card'} · <span data-testid="payment-status">{payment.status.toLowerCase()}</span>
            </p>
          ) : (
            <p className="muted">Waiting for the payment to start…</p>
          )}
          <h2>Delivery</h2>
          <p>
            {order.shippingAddress.recipient}, {order.shippingAddress.line1}, {order.shippingAddress.postalCode} {order.shippingAddress.city}, {order.shippingAddress.country}
          </p>
          {order.shipments?.map((s) => (
            <p key={s.id}>
              {s.carrier}: <a href={s.trackingUrl}>{s.trackingNumber}</a> · {s.status.replace(/_/g, ' ').toLowerCase()}
            </p>
          ))}
        </section>
      </div>
    </article>
  );
}
