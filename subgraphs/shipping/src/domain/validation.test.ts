import assert from 'node:assert/strict';
import { test } from 'node:test';
import { recordTrackingEventArgs, shippingQuoteInput } from './validation.ts';

const fieldsOf = (result: { success: boolean; error?: { issues: { path: PropertyKey[] }[] } }) =>
  (result.error?.issues ?? []).map((issue) => issue.path.join('.'));

test('a quote input is normalised: country upper case, postal code trimmed', () => {
  const parsed = shippingQuoteInput.parse({
    address: { country: ' nl ', postalCode: ' 1011 AB ' },
    lines: [{ variantId: 'var_1', quantity: 2, weightGrams: 300 }],
  });
  assert.deepEqual(parsed.address, { country: 'NL', postalCode: '1011 AB' });
});

test('a quote input names every bad field', () => {
  const result = shippingQuoteInput.safeParse({
    address: { country: 'XX', postalCode: '' },
    lines: [{ variantId: 'var_1', quantity: 0, weightGrams: -1 }],
    service: 'OVERNIGHT',
  });
  assert.deepEqual(fieldsOf(result), ['address.country', 'address.postalCode', 'lines.0.quantity', 'lines.0.weightGrams', 'service']);
  assert.deepEqual(fieldsOf(shippingQuoteInput.safeParse({ address: { country: 'NL', postalCode: '1' }, lines: [] })), ['lines']);
});

test('a tracking event needs a shipment id, a status other than CANCELLED, a location and an ISO time', () => {
  const ok = recordTrackingEventArgs.parse({
    shipmentId: 'shp_01JD3ZK5W7Y8X9Q2R3S4T5V6W7',
    input: { status: 'IN_TRANSIT', location: ' Amsterdam hub ', occurredAt: '2030-01-01T12:00:00+01:00' },
  });
  assert.deepEqual(ok.input, { status: 'IN_TRANSIT', location: 'Amsterdam hub', occurredAt: new Date('2030-01-01T11:00:00Z') });
  const bad = recordTrackingEventArgs.safeParse({
    shipmentId: 'ord_01JD3ZK5W7Y8X9Q2R3S4T5V6W7',
    input: { status: 'CANCELLED', location: ' ', occurredAt: 'yesterday' },
  });
  assert.deepEqual(fieldsOf(bad), ['shipmentId', 'input.status', 'input.location', 'input.occurredAt']);
});
