import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { OrderStatus, Transition } from './order-status.ts';
import { react, type SagaFacts, type SagaSignal } from './saga.ts';

const reserved: SagaSignal = { kind: 'stock-reserved' };
const outOfStock: SagaSignal = { kind: 'stock-reservation-failed', reason: 'OUT_OF_STOCK' };
const authorized: SagaSignal = { kind: 'payment-authorized', paymentId: 'pay_1' };
const declined: SagaSignal = { kind: 'payment-failed', code: 'CARD_DECLINED' };
const inTransit: SagaSignal = { kind: 'shipment-in-transit' };
const delivered: SagaSignal = { kind: 'shipment-delivered' };

/** Feeds signals to a new order; returns where it ends and every transition on the way. */
function run(signals: SagaSignal[], start: { status: OrderStatus; facts: SagaFacts } = { status: 'PENDING', facts: {} }) {
  let order = start;
  const transitions: Transition[] = [];
  const noOps: number[] = [];
  signals.forEach((signal, index) => {
    const reaction = react(order, signal);
    if (!reaction) {
      noOps.push(index);
      return;
    }
    transitions.push(...reaction.transitions);
    order = { status: reaction.status, facts: reaction.facts };
  });
  return { status: order.status, facts: order.facts, transitions, noOps };
}

function permutations<T>(items: T[]): T[][] {
  if (items.length <= 1) return [items];
  return items.flatMap((item, index) => permutations([...items.slice(0, index), ...items.slice(index + 1)]).map((rest) => [item, ...rest]));
}

const HAPPY_PATH: Transition[] = [
  { from: 'PENDING', to: 'AWAITING_PAYMENT', reason: 'STOCK_RESERVED' },
  { from: 'AWAITING_PAYMENT', to: 'CONFIRMED', reason: 'PAYMENT_AUTHORIZED' },
  { from: 'CONFIRMED', to: 'SHIPPED', reason: 'SHIPMENT_IN_TRANSIT' },
  { from: 'SHIPPED', to: 'DELIVERED', reason: 'SHIPMENT_DELIVERED' },
];

test('in order, each saga event moves the order one step along the happy path', () => {
  let order: { status: OrderStatus; facts: SagaFacts } = { status: 'PENDING', facts: {} };
  for (const [index, signal] of [reserved, authorized, inTransit, delivered].entries()) {
    const reaction = react(order, signal);
    assert.deepEqual(reaction?.transitions, [HAPPY_PATH[index]]);
    order = reaction!;
  }
  assert.equal(order.status, 'DELIVERED');
});

test('in every arrival order the happy path ends DELIVERED through the same four transitions', () => {
  const steps = (transitions: Transition[]) => transitions.map(({ from, to }) => `${from} → ${to}`);
  for (const signals of permutations<SagaSignal>([reserved, authorized, inTransit, delivered])) {
    const label = signals.map((s) => s.kind).join(', ');
    const result = run(signals);
    assert.equal(result.status, 'DELIVERED', label);
    assert.deepEqual(steps(result.transitions), steps(HAPPY_PATH), label);
    // SHIPPED names the fact it was learnt from: the delivery, when it came before IN_TRANSIT.
    const at = (signal: SagaSignal) => signals.indexOf(signal);
    const learntFromDelivery: boolean = [reserved, authorized, delivered].every((signal) => at(signal) < at(inTransit));
    const shippedBy: string = learntFromDelivery ? 'SHIPMENT_DELIVERED' : 'SHIPMENT_IN_TRANSIT';
    assert.equal(result.transitions[2]?.reason, shippedBy, label);
  }
});

test('a delivery without an IN_TRANSIT passes through SHIPPED, recording both transitions', () => {
  const result = run([reserved, authorized, delivered]);
  assert.equal(result.status, 'DELIVERED');
  assert.deepEqual(result.transitions.slice(2), [
    { from: 'CONFIRMED', to: 'SHIPPED', reason: 'SHIPMENT_DELIVERED' },
    { from: 'SHIPPED', to: 'DELIVERED', reason: 'SHIPMENT_DELIVERED' },
  ]);
});

test('a payment authorized before the stock is reserved is remembered but does not confirm the order', () => {
  const early = react({ status: 'PENDING', facts: {} }, authorized);
  assert.deepEqual(early, { status: 'PENDING', facts: { payment: { outcome: 'AUTHORIZED', paymentId: 'pay_1' } }, transitions: [] });
  const later = react(early!, reserved);
  assert.equal(later?.status, 'CONFIRMED');
  assert.deepEqual(later?.transitions, HAPPY_PATH.slice(0, 2));
});

test('every event delivered twice changes the order only once', () => {
  const result = run([reserved, reserved, authorized, authorized, inTransit, inTransit, delivered, delivered]);
  assert.equal(result.status, 'DELIVERED');
  assert.deepEqual(result.transitions, HAPPY_PATH);
  assert.deepEqual(result.noOps, [1, 3, 5, 7]);
});

test('out of stock cancels a pending order with the inventory reason', () => {
  const result = run([outOfStock]);
  assert.equal(result.status, 'CANCELLED');
  assert.deepEqual(result.transitions, [{ from: 'PENDING', to: 'CANCELLED', reason: 'OUT_OF_STOCK' }]);
});

test('a declined payment cancels the order with PAYMENT_DECLINED and its code, in either arrival order', () => {
  for (const signals of [
    [reserved, declined],
    [declined, reserved],
  ]) {
    const result = run(signals);
    assert.equal(result.status, 'CANCELLED');
    assert.deepEqual(result.transitions, [
      { from: 'PENDING', to: 'AWAITING_PAYMENT', reason: 'STOCK_RESERVED' },
      { from: 'AWAITING_PAYMENT', to: 'CANCELLED', reason: 'PAYMENT_DECLINED: CARD_DECLINED' },
    ]);
  }
});

test('the first outcome of a step wins; a contradicting later one changes nothing', () => {
  assert.equal(run([reserved, outOfStock]).status, 'AWAITING_PAYMENT');
  assert.deepEqual(run([reserved, outOfStock]).noOps, [1]);
  assert.equal(run([outOfStock, reserved]).status, 'CANCELLED');
  assert.equal(run([reserved, authorized, declined]).status, 'CONFIRMED');
  assert.equal(run([reserved, declined, authorized]).status, 'CANCELLED');
});

test('nothing moves a cancelled or delivered order', () => {
  for (const status of ['CANCELLED', 'DELIVERED'] as const) {
    const result = run([reserved, authorized, inTransit, delivered, outOfStock, declined], { status, facts: {} });
    assert.equal(result.status, status);
    assert.deepEqual(result.transitions, []);
  }
});

test('shipping events before payment wait for the confirmation; the order never ships unpaid', () => {
  const waiting = run([reserved, inTransit, delivered]);
  assert.equal(waiting.status, 'AWAITING_PAYMENT');
  assert.deepEqual(waiting.facts, { stock: { outcome: 'RESERVED' }, inTransit: true, delivered: true });
  const cancelled = run([declined], waiting);
  assert.equal(cancelled.status, 'CANCELLED', 'a declined payment still cancels');
});

test('an unknown or foreign payment method ends the order CANCELLED with PAYMENT_DECLINED: PAYMENT_METHOD_NOT_FOUND', () => {
  const result = run([reserved, { kind: 'payment-failed', code: 'PAYMENT_METHOD_NOT_FOUND' }]);
  assert.equal(result.status, 'CANCELLED');
  assert.equal(result.transitions.at(-1)?.reason, 'PAYMENT_DECLINED: PAYMENT_METHOD_NOT_FOUND');
});
