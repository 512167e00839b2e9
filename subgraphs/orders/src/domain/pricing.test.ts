import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_SHIPPING_RATES, priceOrder, shippingFee } from './pricing.ts';

test('STANDARD costs 4.95 below a 50.00 subtotal and nothing from 50.00 on; EXPRESS always 12.95', () => {
  assert.equal(shippingFee('STANDARD', 0, DEFAULT_SHIPPING_RATES), 495);
  assert.equal(shippingFee('STANDARD', 4999, DEFAULT_SHIPPING_RATES), 495);
  assert.equal(shippingFee('STANDARD', 5000, DEFAULT_SHIPPING_RATES), 0);
  assert.equal(shippingFee('EXPRESS', 4999, DEFAULT_SHIPPING_RATES), 1295);
  assert.equal(shippingFee('EXPRESS', 100_000, DEFAULT_SHIPPING_RATES), 1295);
});

test('the rates are configurable', () => {
  const rates = { standardFee: 300, freeStandardFrom: 2000, expressFee: 900 };
  assert.equal(shippingFee('STANDARD', 1999, rates), 300);
  assert.equal(shippingFee('STANDARD', 2000, rates), 0);
  assert.equal(shippingFee('EXPRESS', 2000, rates), 900);
});

test('an order costs its lines plus shipping, in minor units', () => {
  const lines = [
    { unitPrice: 1999, quantity: 2 },
    { unitPrice: 5, quantity: 3 },
  ];
  assert.deepEqual(priceOrder(lines, 'STANDARD', DEFAULT_SHIPPING_RATES), { subtotal: 4013, shippingTotal: 495, total: 4508 });
  assert.deepEqual(priceOrder(lines, 'EXPRESS', DEFAULT_SHIPPING_RATES), { subtotal: 4013, shippingTotal: 1295, total: 5308 });
  assert.deepEqual(priceOrder([{ unitPrice: 2500, quantity: 2 }], 'STANDARD', DEFAULT_SHIPPING_RATES), {
    subtotal: 5000,
    shippingTotal: 0,
    total: 5000,
  });
});
