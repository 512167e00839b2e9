import assert from 'node:assert/strict';
import { test } from 'node:test';
import { concerns, followedBy, subscriptionFields, topicsOf } from './config.ts';

test('the feed follows exactly the event types some subscription field is fed by', () => {
  const follows = followedBy(subscriptionFields);
  assert.equal(follows('orders.events', 'OrderStatusChanged'), true);
  assert.equal(follows('payments.events', 'PaymentAuthorized'), true);
  assert.equal(follows('shipments.events', 'ShipmentStatusChanged'), true);
  // Saga commands and other services' events on the same topics push nothing.
  assert.equal(follows('orders.events', 'PaymentRequested'), false);
  assert.equal(follows('orders.events', 'OrderPlaced'), false);
  // A type is followed on its own topic only.
  assert.equal(follows('inventory.events', 'OrderStatusChanged'), false);
  for (const topic of topicsOf(subscriptionFields)) assert.ok(topic.endsWith('.events'));
});

test('an event concerns the subscribers its audience names, and list arguments narrow the admin feed', () => {
  const { orderUpdated, myOrderUpdates, orderFeed } = subscriptionFields;
  const event = { orderId: 'ord_1', customerId: 'cus_1', next: 'CONFIRMED' };
  assert.equal(concerns(orderUpdated!.audience, { orderId: 'ord_1' }, 'cus_9', event), true);
  assert.equal(concerns(orderUpdated!.audience, { orderId: 'ord_2' }, 'cus_1', event), false, "the same customer's other order");
  assert.equal(concerns(myOrderUpdates!.audience, {}, 'cus_1', event), true);
  assert.equal(concerns(myOrderUpdates!.audience, {}, 'cus_2', event), false);
  assert.equal(concerns(orderFeed!.audience, {}, 'adm', event), true);
  assert.equal(concerns(orderFeed!.audience, { status: ['CONFIRMED'] }, 'adm', event), true);
  assert.equal(concerns(orderFeed!.audience, { status: ['SHIPPED'] }, 'adm', event), false);
});
