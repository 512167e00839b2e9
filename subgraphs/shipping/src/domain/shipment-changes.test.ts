import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ShippingError } from './errors.ts';
import type { Shipment } from './shipment.ts';
import { acceptScan, cancellationStep, changeStatus, recordScan, sandboxScan } from './shipment-changes.ts';

const shipment = (overrides: Partial<Shipment> = {}): Shipment => ({
  id: 'shp_01JD3ZK5W7Y8X9Q2R3S4T5V6W7',
  orderId: 'ord_01JD3ZK5W7Y8X9Q2R3S4T5V6W7',
  customerId: 'cus_01JD3ZK5W7Y8X9Q2R3S4T5V6W7',
  carrier: 'PostNL',
  service: 'STANDARD',
  trackingNumber: '3SCMRC0000000001',
  labelUrl: 'https://labels.test/x.pdf',
  status: 'LABEL_CREATED',
  address: { recipient: 'Ada', line1: 'Oudegracht 1', line2: null, city: 'Utrecht', region: null, postalCode: '3511 AA', country: 'NL', phone: null },
  weightGrams: 800,
  price: { amount: 495, currency: 'EUR' },
  estimatedDelivery: new Date('2030-01-03T00:00:00Z'),
  correlationId: 'corr-1',
  createdAt: new Date('2030-01-01T00:00:00Z'),
  updatedAt: new Date('2030-01-01T00:00:00Z'),
  ...overrides,
});

test('a cancelled order cancels a label at the carrier, keeps a parcel on its way, and changes nothing twice', () => {
  assert.deepEqual(cancellationStep(undefined), { kind: 'remembered' });
  assert.equal(cancellationStep(shipment()).kind, 'cancel');
  assert.equal(cancellationStep(shipment({ status: 'CANCELLED' })).kind, 'unchanged');
  const kept = cancellationStep(shipment({ status: 'IN_TRANSIT' }));
  assert.equal(kept.kind, 'kept');
  assert.match(kept.kind === 'kept' ? kept.reason : '', /IN_TRANSIT/);
});

test('a delivery announces the status change and then ShipmentDelivered, keyed by the order', () => {
  const at = new Date('2030-01-02T10:00:00Z');
  const change = changeStatus(shipment({ status: 'OUT_FOR_DELIVERY' }), { status: 'DELIVERED', location: 'Utrecht, NL', occurredAt: at }, { causationId: 'evt' });
  assert.deepEqual(change.events.map((e) => [e.eventType, e.aggregateId, e.causationId]), [
    ['ShipmentStatusChanged', 'ord_01JD3ZK5W7Y8X9Q2R3S4T5V6W7', 'evt'],
    ['ShipmentDelivered', 'ord_01JD3ZK5W7Y8X9Q2R3S4T5V6W7', 'evt'],
  ]);
  assert.deepEqual(change.events[0]?.data, {
    orderId: 'ord_01JD3ZK5W7Y8X9Q2R3S4T5V6W7',
    shipmentId: 'shp_01JD3ZK5W7Y8X9Q2R3S4T5V6W7',
    customerId: 'cus_01JD3ZK5W7Y8X9Q2R3S4T5V6W7',
    previous: 'OUT_FOR_DELIVERY',
    status: 'DELIVERED',
    location: 'Utrecht, NL',
    occurredAt: at.toISOString(),
  });
});

test('an admin scan repeating the status records nothing, an illegal one is a CONFLICT, one before the latest too', () => {
  assert.equal(acceptScan(shipment(), 'LABEL_CREATED'), false);
  assert.equal(acceptScan(shipment(), 'IN_TRANSIT'), true);
  assert.throws(() => acceptScan(shipment(), 'DELIVERED'), (err: unknown) => err instanceof ShippingError && err.code === 'CONFLICT');
  const now = new Date('2030-01-02T10:00:00Z');
  const latest = new Date('2030-01-02T09:00:00Z');
  assert.throws(
    () => recordScan(shipment(), { status: 'IN_TRANSIT', location: 'hub', occurredAt: new Date('2030-01-02T08:00:00Z') }, latest, now),
    (err: unknown) => err instanceof ShippingError && err.code === 'CONFLICT' && err.fields[0]?.field === 'input.occurredAt',
  );
  const change = recordScan(shipment(), { status: 'IN_TRANSIT', location: 'hub' }, latest, now);
  assert.deepEqual([change.scan.occurredAt, change.events[0]?.correlationId], [now, 'corr-1']);
});

test('the sandbox carrier scans a parcel one step on, never dated before its latest scan, and leaves a delivered one alone', () => {
  const now = new Date('2030-01-02T10:00:00Z');
  const ahead = new Date('2030-01-02T10:01:00Z');
  const change = sandboxScan(shipment(), 'Nieuwegein sorting centre', ahead, now);
  assert.deepEqual(change?.scan, { status: 'IN_TRANSIT', location: 'Nieuwegein sorting centre', occurredAt: ahead });
  assert.equal(sandboxScan(shipment({ status: 'DELIVERED' }), 'hub', undefined, now), undefined);
});
