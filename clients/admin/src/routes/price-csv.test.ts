import assert from 'node:assert/strict';
import { test } from 'node:test';
import { batches, outcomesOf, parsePriceCsv } from './price-csv.ts';

test('a price list is read as SKU and price, skipping a header and blank lines, quotes honoured', () => {
  const rows = parsePriceCsv('sku,price\r\n\r\nmug-blue,12.50\n"MUG-RED", "€9"\nTEA\t3.1\n');
  assert.deepEqual(rows, [
    { line: 3, sku: 'MUG-BLUE', amount: '12.50' },
    { line: 4, sku: 'MUG-RED', amount: '9' },
    { line: 5, sku: 'TEA', amount: '3.1' },
  ]);
});

test('every malformed row is named before anything is sent', () => {
  const rows = parsePriceCsv('A,-1\nB,abc\n,2\nC,\nD,1.234\nE,1,2\nA2,1\nA2,3');
  assert.deepEqual(
    rows.map((r) => r.problem),
    [
      'A price cannot be negative.',
      '"abc" is not a price such as 19.99.',
      'The SKU is missing.',
      'The price is missing.',
      '"1.234" is not a price such as 19.99.',
      'Only two columns are read: SKU and price.',
      undefined,
      'The SKU is also on line 7.',
    ],
  );
});

test('rows go out in batches of at most the given size', () => {
  assert.deepEqual(batches([1, 2, 3, 4, 5], 2), [[1, 2], [3, 4], [5]]);
  assert.equal(batches(Array.from({ length: 10_000 }), 1000).length, 10);
});

test("each row's outcome comes from the batch's answer: unknown, updated or unchanged", () => {
  const rows = parsePriceCsv('A,1\nB,2\nnope,3');
  assert.deepEqual(outcomesOf(rows, { notFound: ['nope'], updatedSkus: ['A'] }), ['updated', 'unchanged', 'unknown']);
});
