import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatOptions, parseList, parseOptions, placedBetween } from './forms.ts';

test('variant options are read as "name: value" pairs separated by commas, and written back alike', () => {
  const options = parseOptions(' Colour: Blue ,Size:L,, ');
  assert.deepEqual(options, [
    { name: 'Colour', value: 'Blue' },
    { name: 'Size', value: 'L' },
  ]);
  assert.equal(formatOptions(options), 'Colour: Blue, Size: L');
  // A part without a colon is kept (the API says what is wrong with it), not dropped.
  assert.deepEqual(parseOptions('Colour'), [{ name: 'Colour', value: '' }]);
});

test('lists are comma-separated with blanks dropped', () => {
  assert.deepEqual(parseList('mug, gift ,, '), ['mug', 'gift']);
});

test('a date filter runs from the start of its first day to the end of its last, in local time', () => {
  const startOfLocal = (year: number, month: number, day: number) => new Date(year, month - 1, day).toISOString();
  assert.deepEqual(placedBetween('2030-01-31', '2030-01-31'), { placedAfter: startOfLocal(2030, 1, 31), placedBefore: startOfLocal(2030, 2, 1) });
  assert.deepEqual(placedBetween('2030-12-31', undefined), { placedAfter: startOfLocal(2030, 12, 31) });
  assert.deepEqual(placedBetween(undefined, '2030-12-31'), { placedBefore: startOfLocal(2031, 1, 1) });
  assert.deepEqual(placedBetween(undefined, undefined), {});
});
