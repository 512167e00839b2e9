import assert from 'node:assert/strict';
import { test } from 'node:test';
import { followedBy, subscriptionFields, topicsOf } from './config.ts';

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
