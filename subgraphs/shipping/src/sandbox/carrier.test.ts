import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isTrackingNumber } from '../domain/tracking-number.ts';
import { createSandboxCarrier } from './carrier.ts';
import type { CreateShipmentRequest } from '../carrier/port.ts';

const address = {
  recipient: 'Ada Lovelace',
  line1: 'Damrak 1',
  line2: null,
  city: 'Amsterdam',
  region: null,
  postalCode: '1012 LG',
  country: 'NL',
  phone: null,
};

const request = (key: string, overrides: Partial<CreateShipmentRequest> = {}): CreateShipmentRequest => ({
  idempotencyKey: key,
  carrier: 'DHL',
  service: 'EXPRESS',
  address,
  weightGrams: 1200,
  estimatedDays: 2,
  ...overrides,
});

test('the sandbox carrier labels a shipment with a tracking number in its format and a delivery estimate', async () => {
  const carrier = createSandboxCarrier({ now: () => new Date('2030-01-04T10:00:00Z') });
  const shipment = await carrier.createShipment(request('ord_a'));
  assert.equal(shipment.carrier, 'DHL');
  assert.equal(shipment.service, 'EXPRESS');
  assert.ok(isTrackingNumber('DHL', shipment.trackingNumber));
  assert.equal(shipment.labelUrl, `https://sandbox-carrier.commerce.local/labels/dhl/${shipment.trackingNumber}.pdf`);
  assert.equal(shipment.estimatedDelivery.toISOString(), '2030-01-08T18:00:00.000Z', 'two business days after a Friday');
});

test('the same idempotency key answers with the same shipment; a new carrier instance still gives the same number', async () => {
  let now = new Date('2030-01-04T10:00:00Z');
  const carrier = createSandboxCarrier({ now: () => now });
  const first = await carrier.createShipment(request('ord_b'));
  now = new Date('2030-02-01T10:00:00Z');
  assert.deepEqual(await carrier.createShipment(request('ord_b', { estimatedDays: 5 })), first);
  assert.notEqual((await carrier.createShipment(request('ord_c'))).trackingNumber, first.trackingNumber);
  const restarted = createSandboxCarrier();
  assert.equal((await restarted.createShipment(request('ord_b'))).trackingNumber, first.trackingNumber);
});

test('the sandbox carrier forgets the oldest keys beyond its limit, but their numbers stay the same', async () => {
  let now = new Date('2030-01-04T10:00:00Z');
  const carrier = createSandboxCarrier({ now: () => now, rememberKeys: 2 });
  const first = await carrier.createShipment(request('ord_1'));
  await carrier.createShipment(request('ord_2'));
  await carrier.createShipment(request('ord_3'));
  now = new Date('2030-03-01T10:00:00Z');
  const again = await carrier.createShipment(request('ord_1'));
  assert.equal(again.trackingNumber, first.trackingNumber);
  assert.notEqual(again.estimatedDelivery.getTime(), first.estimatedDelivery.getTime(), 'a fresh answer once forgotten');
});

test('cancelling accepts the carrier’s own tracking numbers and refuses anything else', async () => {
  const carrier = createSandboxCarrier();
  const { trackingNumber } = await carrier.createShipment(request('ord_d'));
  assert.deepEqual(await carrier.cancelShipment('DHL', trackingNumber), { cancelled: true });
  assert.deepEqual(await carrier.cancelShipment('DHL', trackingNumber), { cancelled: true }, 'idempotent');
  const refused = await carrier.cancelShipment('UPS', trackingNumber);
  assert.equal(refused.cancelled, false);
});
