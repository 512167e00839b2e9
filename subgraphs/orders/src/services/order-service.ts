import { randomUUID } from 'node:crypto';
import type { PostalAddress } from '@commerce/events';
import { isUniqueViolation, newId } from '@commerce/service-kit';
import { OrdersError } from '../domain/errors.ts';
import type { Cause } from '../domain/order-events.ts';
import { changeOrder, placeOrder } from '../domain/order-changes.ts';
import { decideCancellation, type OrderStatus, type Transition } from '../domain/order-status.ts';
import { checkout, type Order } from '../domain/order.ts';
import type { ShippingPolicy } from '../domain/pricing.ts';
import { react, REASONS, type SagaSignal } from '../domain/saga.ts';
import type { PlaceOrderInput } from '../domain/validation.ts';
import type { LockedOrders, OrderStore } from '../store/order-store.ts';
import { ALREADY_PROCESSED, type AlreadyProcessed, type Trigger } from '../store/transaction.ts';

export type { Page, PageQuery } from '../store/order-store.ts';

export type PlaceOutcome = { kind: 'placed' | 'existing'; order: Order };

export type ReactOutcome =
  | { kind: 'advanced'; status: OrderStatus; transitions: Transition[] }
  /** The fact was remembered, but the order cannot act on it yet (its predecessor has not arrived). */
  | { kind: 'remembered'; status: OrderStatus }
  /** A duplicate, a contradiction of an earlier outcome, or a late event for a final order. */
  | { kind: 'unchanged'; status: OrderStatus }
  /** Not an order of this service (another environment's or a test's event on the shared topic). */
  | { kind: 'unknown-order' };

const unknownSavedAddress = () =>
  new OrdersError(
    'NOT_FOUND',
    'You have no saved address with this shippingAddressId. An address saved a moment ago can take a few seconds to become usable here: try again shortly, or send the address itself.',
  );

/**
 * Where the order ships: the address sent, or a copy of the customer's saved address as the
 * read model holds it now (later edits of the saved address do not change the order).
 */
async function shippingAddressFor(orders: LockedOrders, customerId: string, input: PlaceOrderInput): Promise<PostalAddress> {
  if (!('shippingAddressId' in input)) return input.address;
  const saved = await orders.savedAddress(customerId, input.shippingAddressId);
  if (!saved) throw unknownSavedAddress();
  return saved;
}

/** The transitions' events link to the event that caused them, if any. */
const causeOf = (trigger: Trigger | undefined): Cause => (trigger ? { causationId: trigger.event.eventId } : {});

/**
 * The cancellation of a locked order, for a reason; CONFLICT (OrdersError) once it shipped, was
 * delivered or cancelled. OrderCancelled announces no lines.
 */
async function cancelLocked(orders: LockedOrders, order: Order, reason: string): Promise<Order> {
  const decision = decideCancellation(order, reason);
  if (!decision.ok) throw new OrdersError('CONFLICT', decision.message);
  return orders.apply(changeOrder(order, { status: 'CANCELLED', facts: order.facts, transitions: [decision.transition] }, [], new Date(), {}));
}

/**
 * The orders use cases (load and lock, decide in domain/, apply) over the order store; the
 * store's batched reads pass through for the resolvers.
 */
export function createOrderService(deps: { store: OrderStore; currency: string; shipping: ShippingPolicy }) {
  const { store, currency, shipping } = deps;

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
      try {
        return await store.transaction(async (orders): Promise<PlaceOutcome> => {
          const { cart, keyUsed } = await orders.lockCart(customerId, input.idempotencyKey);
          if (keyUsed) {
            const previous = await orders.byKey(customerId, input.idempotencyKey);
            if (previous) return { kind: 'existing', order: previous };
          }
          const result = checkout(cart.lines, currency);
          if (!result.ok) throw new OrdersError(result.code, result.message);
          const shippingAddress = await shippingAddressFor(orders, customerId, input);
          const placement = placeOrder(
            shipping,
            result.lines,
            {
              id: newId('ord'),
              customerId,
              currency,
              shippingAddress,
              shippingService: input.shippingService,
              paymentMethodId: input.paymentMethodId,
              idempotencyKey: input.idempotencyKey,
              correlationId: correlationId ?? randomUUID(),
            },
            new Date(),
          );
          const number = await orders.insert(placement, cart.id);
          return { kind: 'placed', order: { ...placement.order, number } };
        });
      } catch (err) {
        // The cart lock already serialises a customer's checkouts; this is the backstop.
        if (isUniqueViolation(err)) {
          const order = await store.byKey(customerId, input.idempotencyKey);
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
      return store.transaction(async (orders) => {
        const order = await orders.lock(orderId);
        if (!order) throw new OrdersError('NOT_FOUND', 'No order has this id.');
        return cancelLocked(orders, order, reason);
      });
    },

    /**
     * Applies what another service reported about an order (domain/saga.ts), once per event:
     * the inbox row commits with the effect, and a fact the order already has changes nothing.
     */
    react(orderId: string, signal: SagaSignal, trigger?: Trigger): Promise<ReactOutcome | AlreadyProcessed> {
      return store.transaction(async (orders): Promise<ReactOutcome | AlreadyProcessed> => {
        const locked = await orders.lockWithLines(orderId, trigger);
        if (locked === 'already-processed') return ALREADY_PROCESSED;
        if (!locked) return { kind: 'unknown-order' };
        const { order, lines } = locked;
        const reaction = react(order, signal);
        if (!reaction) return { kind: 'unchanged', status: order.status };
        await orders.apply(changeOrder(order, reaction, lines, new Date(), causeOf(trigger)));
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
      return store.transaction(async (orders) => {
        const expired: string[] = [];
        for (const order of await orders.lockUnpaid(timeoutSeconds, limit)) {
          if (!decideCancellation(order, REASONS.expired).ok) continue;
          await cancelLocked(orders, order, REASONS.expired);
          expired.push(order.id);
        }
        return expired;
      });
    },

    findByIds: store.findByIds,
    linesOf: store.linesOf,
    historyOf: store.historyOf,
    page: store.page,
    pagesOf: store.pagesOf,
  };
}
export type OrderService = ReturnType<typeof createOrderService>;
