import { setTimeout as sleep } from 'node:timers/promises';
import { moneyView, newId, type Logger, type Money } from '@commerce/service-kit';
import { GatewayRejectedError, GatewayUnavailableError, type PaymentGateway } from '../gateway/port.ts';
import { PaymentsError } from '../domain/errors.ts';
import { canApply, nextStep, type Payment } from '../domain/payment.ts';
import { authorizationResult, captureResult, refundResult, requestPayment, voidResult, type AuthorizationOutcome } from '../domain/payment-events.ts';
import { planRefund } from '../domain/refund.ts';
import type { PaymentRequest, PaymentSnapshot, PaymentState, PaymentStore, RequestOutcome } from '../store/payment-store.ts';
import { causeOf, type AlreadyProcessed, type Cause, type Trigger } from '../store/transaction.ts';

/*
 * How a payment moves, given that a gateway call cannot sit inside a database transaction:
 *
 *   1. record the intent      one transaction: the PENDING payment, the capture request, the
 *                             cancellation or the PENDING refund (with the inbox row when an
 *                             event asked for it)
 *   2. call the gateway       outside any transaction, with an idempotency key derived from the
 *                             order: `${orderId}:authorize`, `:capture`, `:void`, `:refund:<rfd id>`
 *   3. record the result      one transaction: the transaction row, the payment's new state and
 *                             the event in the outbox, only if the payment is still where the
 *                             call left it (under the order's lock, see store/payment-store.ts)
 *
 * A crash or a gateway timeout between 1 and 3 loses nothing: the intent is durable, the
 * consumer did not commit the message's offset, and the redelivered event settles the order
 * again (its handler settles even when the inbox says the intent was already recorded). The
 * repeated gateway call carries the same key, so the gateway returns the first outcome instead
 * of charging again. Should redelivery give up (the message went to the dead-letter topic
 * after a long gateway outage), the sweeper settles payments that stalled. A result that
 * arrives when another delivery already recorded it is dropped; unique constraints on the
 * transactions back that up, so an order has at most one authorization and one capture.
 *
 * settle() takes steps until none is due. Each step is chosen from the order's facts alone
 * (domain/payment.ts nextStep), so events arriving out of order or twice end in the same state.
 * The facts are read after the last write committed, or taken from that write when it could
 * tell them exactly as it committed them (the store's "One statement per write"), which is the
 * same: whichever of two writes to an order commits second, its step sees both.
 */

/** Steps one settle may take: authorize, capture, then a void or refunds; more means a loop. */
const MAX_STEPS = 10;

const idempotencyKey = (orderId: string, step: string) => `${orderId}:${step}`;

const amountOf = (payment: Payment): Money => ({ amount: payment.amount, currency: payment.currency });
const formatMoney = (money: Money) => `${moneyView(money).amount} ${money.currency}`;

function referenceOf(value: string | null, what: string, payment: Payment): string {
  if (!value) throw new Error(`payment ${payment.id} is ${payment.status} without its ${what}`);
  return value;
}

export interface ProcessorDeps {
  payments: PaymentStore;
  gateway: PaymentGateway;
  logger: Logger;
  /** Gateway attempts of an admin request before it gives up (consumers retry through Kafka instead). */
  inlineAttempts?: number;
  inlineRetryDelayMs?: number;
}

export function createPaymentProcessor(deps: ProcessorDeps) {
  const { payments, gateway } = deps;
  const logger = deps.logger.child({ component: 'payment-processor' });
  const inlineAttempts = deps.inlineAttempts ?? 4;
  const inlineRetryDelayMs = deps.inlineRetryDelayMs ?? 50;

  /** Records the gateway's answer to the authorization and its event; not recorded when the payment had moved on. */
  function recordAuthorization(current: PaymentState, outcome: AuthorizationOutcome, cause: Cause) {
    return payments.recordResult(current, authorizationResult(current.payment, outcome, cause));
  }

  /**
   * Records the intent to refund (PENDING), checked against what is left under the order's
   * lock: the requested amount, or everything left when none is given.
   */
  function addRefund(orderId: string, requested: Money | undefined, reason: string) {
    return payments.addRefund(orderId, reason, (payment, pendingTotal) => planRefund(payment, pendingTotal, requested));
  }

  async function authorize(payment: Payment, token: string | null): Promise<AuthorizationOutcome> {
    if (!token) return { approved: false, code: 'PAYMENT_METHOD_NOT_FOUND', message: 'The payment method has no card on file.' };
    try {
      return await gateway.authorize(token, amountOf(payment), idempotencyKey(payment.orderId, 'authorize'));
    } catch (err) {
      // Retrying a request the gateway refused outright would be refused again: the payment fails.
      if (err instanceof GatewayRejectedError) {
        logger.error({ err, orderId: payment.orderId, code: err.code }, 'the gateway refused the authorization request');
        return { approved: false, code: 'PROCESSING_ERROR', message: 'The payment gateway could not process the payment.' };
      }
      throw err;
    }
  }

  /**
   * Takes the next due step, chosen from `known` (the state the last write left) or else from a
   * snapshot read now; not progressed when none is due. Gateway errors propagate (transient ones
   * are retried by the caller).
   */
  async function step(
    orderId: string,
    cause: Cause,
    known: PaymentSnapshot | undefined,
  ): Promise<{ progressed: boolean; payment: Payment | undefined; after?: PaymentSnapshot | undefined }> {
    const snapshot = known ?? (await payments.snapshot(orderId));
    const { payment, facts, pendingRefunds, token } = snapshot;
    const next = nextStep(payment, facts, pendingRefunds);
    if (next.kind === 'none' || !payment) return { progressed: false, payment };
    const current = { ...snapshot, payment };
    const log = logger.child({ orderId, paymentId: payment.id, step: next.kind });
    switch (next.kind) {
      case 'authorize': {
        const outcome = await authorize(payment, token);
        const { recorded, state } = await recordAuthorization(current, outcome, cause);
        log.info({ approved: outcome.approved, recorded, ...(outcome.approved ? {} : { code: outcome.code }) }, 'authorization');
        return { progressed: true, payment, after: state };
      }
      case 'capture': {
        const authorizationId = referenceOf(payment.authorizationReference, 'authorization', payment);
        const { captureId } = await gateway.capture(authorizationId, amountOf(payment), idempotencyKey(orderId, 'capture'));
        const { recorded, state } = await payments.recordResult(current, captureResult(payment, captureId, cause));
        log.info({ recorded }, 'capture');
        return { progressed: true, payment, after: state };
      }
      case 'void': {
        const authorizationId = referenceOf(payment.authorizationReference, 'authorization', payment);
        const { voidId } = await gateway.void(authorizationId, idempotencyKey(orderId, 'void'));
        const { recorded, state } = await payments.recordResult(current, voidResult(payment, voidId, cause));
        log.info({ recorded }, 'void');
        return { progressed: true, payment, after: state };
      }
      case 'refund-remaining': {
        const reason = `Order cancelled: ${facts.cancelReason ?? 'no reason given'}`;
        const outcome = await addRefund(orderId, undefined, reason);
        log.info({ amount: next.amount, planned: outcome?.ok ?? false }, 'refund of a cancelled order planned');
        break;
      }
      case 'refund': {
        const captureId = referenceOf(payment.captureReference, 'capture', payment);
        const amount = { amount: next.refund.amount, currency: payment.currency };
        try {
          const { refundId } = await gateway.refund(captureId, amount, idempotencyKey(orderId, `refund:${next.refund.id}`));
          const recorded = await payments.recordRefund(orderId, next.refund.id, refundId, (locked, refund, now) =>
            canApply(locked.status, 'refunded') ? refundResult(locked, refund, cause, now) : undefined,
          );
          log.info({ refundId: next.refund.id, recorded }, 'refund');
        } catch (err) {
          if (!(err instanceof GatewayRejectedError)) throw err;
          // Recorded as failed so the next settle does not send it again; the error still surfaces.
          await payments.failRefund(orderId, next.refund.id, err.code);
          throw err;
        }
        break;
      }
    }
    return { progressed: true, payment };
  }

  /**
   * Takes steps until the order's payment is where its facts ask it to be; resolves to the
   * payment then. `known` is the state the caller's write left, if it could tell it.
   */
  async function settle(orderId: string, cause: Cause = {}, known?: PaymentSnapshot): Promise<Payment | undefined> {
    let state = known;
    for (let taken = 0; taken < MAX_STEPS; taken += 1) {
      const { progressed, payment, after } = await step(orderId, cause, state);
      if (!progressed) return payment;
      state = after;
    }
    throw new Error(`the payment of order ${orderId} did not settle within ${MAX_STEPS} steps`);
  }

  /** settle() for a request that cannot wait for Kafka's retries: transient gateway errors are retried a few times in place. */
  async function settleNow(orderId: string, cause: Cause, known?: PaymentSnapshot): Promise<Payment | undefined> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        // A retry reads the order afresh: the failed attempt may have left it elsewhere.
        return await settle(orderId, cause, attempt === 1 ? known : undefined);
      } catch (err) {
        if (!(err instanceof GatewayUnavailableError) || attempt >= inlineAttempts) throw err;
        await sleep(inlineRetryDelayMs * 2 ** (attempt - 1));
      }
    }
  }

  async function load(paymentId: string): Promise<Payment> {
    const [payment] = await payments.findByIds([paymentId]);
    if (!payment) throw new PaymentsError('NOT_FOUND', `No payment has the id ${paymentId}.`);
    return payment;
  }

  return {
    settle,
    recordAuthorization,

    /**
     * Records the intent to authorize an order's payment (PENDING), or its failure when the
     * method is unknown, removed or another customer's (PaymentFailed PAYMENT_METHOD_NOT_FOUND,
     * without asking the gateway). An order payments saw cancelled gets no payment at all.
     */
    async request(request: PaymentRequest, trigger?: Trigger): Promise<RequestOutcome | AlreadyProcessed> {
      // Read before the order is locked: no lock orders a method's removal with an order's payment anyway.
      const method = await payments.methodOnFile(request.paymentMethodId);
      const requested = requestPayment(request, method, { id: newId('pay'), now: new Date(), cause: causeOf(trigger) });
      return payments.create(requested, requested.usable ? (method?.gatewayToken ?? null) : null, trigger);
    },

    /**
     * Manual capture of an authorized payment (admin). Idempotent: a captured payment is
     * returned as it is. Other states are a CONFLICT, and so is a cancelled order.
     */
    async capture(paymentId: string, correlationId?: string): Promise<Payment> {
      const payment = await load(paymentId);
      if (['CAPTURED', 'PARTIALLY_REFUNDED', 'REFUNDED'].includes(payment.status)) return payment;
      if (payment.status === 'PENDING') throw new PaymentsError('CONFLICT', 'The payment is still being authorized; try again in a moment.');
      if (payment.status !== 'AUTHORIZED') throw new PaymentsError('CONFLICT', `Only an authorized payment can be captured; this one is ${payment.status}.`);
      const requested = await payments.requestCapture(payment.orderId);
      if ('facts' in requested && requested.facts.cancelled) throw new PaymentsError('CONFLICT', 'The order was cancelled; its payment is voided, not captured.');
      const settled = await settleNow(payment.orderId, correlationId ? { correlationId } : {}, 'state' in requested ? requested.state : undefined);
      if (settled?.status !== 'CAPTURED') throw new PaymentsError('CONFLICT', `The payment could not be captured; it is ${settled?.status ?? 'gone'}.`);
      return settled;
    },

    /**
     * Refunds (part of) a captured payment (admin): the given amount, or everything left. The
     * refund is recorded before the gateway is asked; if the gateway stays unavailable, it is
     * returned PENDING and completed by the sweeper, so repeating the request is never needed.
     */
    async refund(paymentId: string, requested: Money | undefined, reason: string, correlationId?: string): Promise<Payment> {
      const payment = await load(paymentId);
      const outcome = await addRefund(payment.orderId, requested, reason);
      if (!outcome) throw new PaymentsError('NOT_FOUND', `No payment has the id ${paymentId}.`);
      if (!outcome.ok) {
        const refundable = { amount: outcome.refundable, currency: payment.currency };
        switch (outcome.reason) {
          case 'NOT_CAPTURED':
            throw new PaymentsError('CONFLICT', `Only a captured payment can be refunded; this one is ${payment.status}.`);
          case 'FULLY_REFUNDED':
            throw new PaymentsError('CONFLICT', 'Nothing is left to refund on this payment.');
          case 'EXCEEDS_REFUNDABLE':
            throw new PaymentsError('CONFLICT', `At most ${formatMoney(refundable)} can still be refunded.`);
          case 'CURRENCY_MISMATCH':
            throw new PaymentsError('BAD_USER_INPUT', `The refund must be in the payment's currency ${payment.currency}.`, {
              fields: [{ field: 'amount.currencyCode', message: `must be ${payment.currency}` }],
            });
        }
      }
      try {
        await settleNow(payment.orderId, correlationId ? { correlationId } : {});
      } catch (err) {
        if (!(err instanceof GatewayUnavailableError)) throw err;
        logger.warn({ err, paymentId, refundId: outcome.refund.id }, 'refund recorded; the gateway is unavailable, the sweeper completes it');
      }
      return load(paymentId);
    },
  };
}
export type PaymentProcessor = ReturnType<typeof createPaymentProcessor>;
