import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isCurrency, moneyView, parseDecimal } from './money.ts';

test('decimal strings parse to exact minor units per currency', () => {
  assert.equal(parseDecimal('19.99', 'EUR'), 1999);
  assert.equal(parseDecimal('0.1', 'EUR'), 10);
  assert.equal(parseDecimal('5', 'EUR'), 500);
  assert.equal(parseDecimal('1500', 'JPY'), 1500);
  assert.equal(parseDecimal('1.234', 'KWD'), 1234);
  // More digits than the currency has is refused, never rounded.
  assert.equal(parseDecimal('1.005', 'EUR'), undefined);
  assert.equal(parseDecimal('1.5', 'JPY'), undefined);
  for (const bad of ['-1', '1e3', '', '.5', '1.', 'abc', '9999999999999999.00']) assert.equal(parseDecimal(bad, 'EUR'), undefined, bad);
});

test('money views are exact strings in both forms', () => {
  assert.deepEqual(moneyView({ amount: 1999, currency: 'EUR' }), { amount: '19.99', minorUnits: '1999', currencyCode: 'EUR' });
  assert.deepEqual(moneyView({ amount: 5, currency: 'EUR' }), { amount: '0.05', minorUnits: '5', currencyCode: 'EUR' });
  assert.deepEqual(moneyView({ amount: 1500, currency: 'JPY' }), { amount: '1500', minorUnits: '1500', currencyCode: 'JPY' });
  assert.deepEqual(moneyView({ amount: -250, currency: 'USD' }), { amount: '-2.50', minorUnits: '-250', currencyCode: 'USD' });
  assert.equal(moneyView({ amount: Number.MAX_SAFE_INTEGER, currency: 'EUR' }).amount, '90071992547409.91');
});

test('only known ISO 4217 codes are currencies', () => {
  assert.ok(isCurrency('EUR'));
  assert.ok(!isCurrency('eur'));
  assert.ok(!isCurrency('XYZ1'));
  assert.ok(!isCurrency('QQQ'));
});
