import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatMoney } from './money.ts';

test('money is formatted from its decimal string in its currency, exactly', () => {
  assert.equal(formatMoney({ amount: '12.00', currencyCode: 'EUR' }), '€12.00');
  assert.equal(formatMoney({ amount: '1234567.89', currencyCode: 'EUR' }), '€1,234,567.89');
  // Beyond a double's precision: still exact, because the string is formatted, not a float.
  assert.equal(formatMoney({ amount: '90071992547409.99', currencyCode: 'USD' }), 'US$90,071,992,547,409.99');
  assert.equal(formatMoney(null), '');
});
