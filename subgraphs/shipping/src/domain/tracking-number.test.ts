import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CARRIERS } from '@commerce/shipping-rates';
import { isTrackingNumber, luhnDigit, trackingNumberFor, upsCheckDigit } from './tracking-number.ts';

const KEY = 'ord_01JD3ZK5W7Y8X9Q2R3S4T5V6W7';

test('each carrier has its own format', () => {
  assert.match(trackingNumberFor('PostNL', 'STANDARD', KEY), /^3SCMRC\d{19}$/);
  assert.match(trackingNumberFor('DHL', 'EXPRESS', KEY), /^JJD\d{20}$/);
  assert.match(trackingNumberFor('UPS', 'STANDARD', KEY), /^1Z03[0-9A-Z]{13}\d$/);
  assert.match(trackingNumberFor('UPS', 'EXPRESS', KEY), /^1Z01[0-9A-Z]{13}\d$/, 'UPS encodes the service');
});

test('the same key always gives the same number; another key or carrier gives another', () => {
  for (const carrier of CARRIERS) {
    assert.equal(trackingNumberFor(carrier, 'STANDARD', KEY), trackingNumberFor(carrier, 'STANDARD', KEY));
    assert.notEqual(trackingNumberFor(carrier, 'STANDARD', KEY), trackingNumberFor(carrier, 'STANDARD', `${KEY}x`));
  }
  assert.equal(trackingNumberFor('PostNL', 'STANDARD', KEY), '3SCMRC0923959638135785021', 'stable across releases');
});

test('20 000 keys give 20 000 distinct, valid numbers per carrier', () => {
  for (const carrier of CARRIERS) {
    const numbers = new Set<string>();
    for (let i = 0; i < 20_000; i += 1) {
      const number = trackingNumberFor(carrier, 'STANDARD', `ord_${i}`);
      assert.ok(isTrackingNumber(carrier, number), number);
      numbers.add(number);
    }
    assert.equal(numbers.size, 20_000, carrier);
  }
});

test('check digits follow Luhn (PostNL, DHL) and the UPS scheme, and catch a changed digit', () => {
  assert.equal(luhnDigit('7992739871'), '3');
  assert.equal(upsCheckDigit('999AA1012345678'), '4', 'UPS 1Z999AA10123456784');
  for (const carrier of CARRIERS) {
    const number = trackingNumberFor(carrier, 'STANDARD', KEY);
    const last = Number(number.slice(-1));
    assert.equal(isTrackingNumber(carrier, `${number.slice(0, -1)}${(last + 1) % 10}`), false, `${carrier} wrong check digit`);
  }
  assert.equal(isTrackingNumber('DHL', trackingNumberFor('PostNL', 'STANDARD', KEY)), false, 'not another carrier’s number');
  assert.equal(isTrackingNumber('UPS', '1Z999AA10123456784'), false, 'service codes other than 01/03 are not ours');
});
