import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CustomerRegistered, CustomerUpdated } from './contracts.ts';
import { newEvent } from './publish.ts';
import { on, routeEvents } from './route.ts';

const meta = { topic: 't', partition: 0, offset: '0' };
const registered = newEvent(CustomerRegistered, {
  aggregateId: 'cus_1',
  data: { customerId: 'cus_1', email: 'a@example.com', firstName: 'A', lastName: 'B', registeredAt: new Date().toISOString() },
});

test('routeEvents dispatches by event type, names the types it routes, and ignores the others', async () => {
  const seen: string[] = [];
  const routes = routeEvents(on(CustomerRegistered, async (event) => void seen.push(`registered ${event.data.email}`)));
  assert.deepEqual(routes.eventTypes, ['CustomerRegistered']);
  await routes.handle(registered, meta);
  await routes.handle({ ...registered, eventType: 'CustomerUpdated' }, meta);
  assert.deepEqual(seen, ['registered a@example.com']);
});

test('a routed payload is validated against its contract', async () => {
  const routes = routeEvents(on(CustomerRegistered, async () => undefined));
  await assert.rejects(routes.handle({ ...registered, data: { customerId: 'cus_1' } }, meta));
});

test('two routes for one event type are refused', () => {
  const noop = async () => undefined;
  assert.throws(() => routeEvents(on(CustomerUpdated, noop), on(CustomerUpdated, noop)), /two routes for CustomerUpdated/);
});
